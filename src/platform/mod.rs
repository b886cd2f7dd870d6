//! The platform layer, below everything: memory (the allocator, threads, prefetching, what a
//! large input is), the library's errors and locating a path in JSON text. It knows nothing of
//! datasets, so every layer above may use it.

pub mod error;
pub(crate) mod locate;
pub mod memory;
