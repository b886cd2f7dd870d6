//! Which allocator the process uses, and whether its memory comes in huge pages (2 MiB) or in
//! ordinary pages (4 KiB): both depend on how large the input is.
//!
//! **The allocator.** Loading a large dataset makes millions of small strings and records, and
//! mimalloc allocates and frees them in a fraction of glibc's time. For a small one the opposite
//! holds: mimalloc's first allocations set up a 1 GiB arena and a fresh page for each size of
//! block, page faults where glibc touches few, and a command on the built-in dataset is slower
//! with it (see docs/performance.md, "Memory"). So the binaries' allocator is [`Allocator`]: the
//! system's until [`for_input_size`] finds the input large, mimalloc from then on; each block is freed
//! by the allocator that made it.
//!
//! **Huge pages.** mimalloc asks the kernel for transparent huge pages for its arenas. For a
//! large dataset they pay: tens of megabytes of small records and strings are touched at random
//! while parsing, checking and building, and with 4 KiB pages nearly every such access also
//! missed the address cache (the TLB). For a small one they cost: touching one byte of a fresh
//! arena zeroes 2 MiB. So the binaries turn them off before anything is allocated
//! ([`huge_pages_off`], placed in `.preinit_array`) and back on with [`for_input_size`]. Both
//! settings are the whole process's: they are for programs, not for a library inside another.
//!
//! **Threads.** How many threads the library's parallel paths may use (`threads`), and from
//! how many links on a dataset is large enough for them (`LARGE_LINKS`).
//!
//! ```
//! // A binary built on mesograph takes the same allocator, and tells it how large its input is.
//! #[global_allocator]
//! static GLOBAL: mesograph::memory::Allocator = mesograph::memory::Allocator;
//!
//! fn main() {
//!     mesograph::load::for_input(None); // the built-in dataset is small: nothing changes
//! }
//! ```

#![allow(unsafe_code)] // the only module with unsafe code: a global allocator and a prctl call

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

/// From this many bytes of input files on, mimalloc and huge pages are used: the synthetic
/// dataset of 10⁴ actors and 10⁵ links (17 MiB) loads faster with huge pages, the built-in one
/// (under 1 MiB) slower with either (see docs/performance.md, "Memory").
const LARGE_INPUT: u64 = 8 << 20;

/// From this many links on, a dataset is large enough for the parallel paths of checking and
/// building to pay off: the links' ends found on two threads, the links checked in parts on
/// [`threads`], the graph's edges added while its links are put in order beside them. Below it,
/// starting threads costs more than they save (see docs/performance.md, "Two cores" under
/// "Parsing", and "Building the graph").
pub(crate) const LARGE_LINKS: usize = 100_000;

/// How many threads this process may run at once (one per core, at least one): what every
/// parallel path of the library starts from, bounding it to what pays off for its own work.
pub(crate) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Turns huge pages on or off for this process and the programs it starts (`prctl`
/// `PR_SET_THP_DISABLE`); a hint to the kernel, ignored where it is not supported.
pub fn huge_pages(on: bool) {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: PR_SET_THP_DISABLE takes an integer flag and touches no memory of ours.
        let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, libc::c_ulong::from(!on), 0, 0, 0) };
    }
    #[cfg(not(target_os = "linux"))]
    let _ = on;
}

/// Turns huge pages off: for a program's `.preinit_array`, so that it runs before the first
/// allocation.
pub extern "C" fn huge_pages_off() {
    huge_pages(false);
}

/// Whether [`Allocator`] allocates with mimalloc (from [`for_input_size`] on) or the system's.
static MIMALLOC: AtomicBool = AtomicBool::new(false);

/// The binaries' global allocator: the system's, then mimalloc once [`for_input_size`] has found the
/// input large. A block is freed or resized by the allocator that made it, whichever is in use
/// by then: mimalloc knows its own blocks (`mi_is_in_heap_region`, a lookup in its page map).
#[derive(Debug, Clone, Copy, Default)]
pub struct Allocator;

/// Whether mimalloc made the block at `ptr` (none before the switch).
fn mimalloc_owns(ptr: *const u8) -> bool {
    // SAFETY: only looks `ptr` up in mimalloc's page map, for any address.
    MIMALLOC.load(Ordering::Relaxed) && unsafe { libmimalloc_sys::mi_is_in_heap_region(ptr.cast()) }
}

// SAFETY: every block is made by one of two allocators that uphold `GlobalAlloc`'s contract, and
// freed or resized by the same one: mimalloc's blocks are told apart by its page map, never
// claimed for an address it did not hand out.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        unsafe {
            if MIMALLOC.load(Ordering::Relaxed) {
                mimalloc::MiMalloc.alloc(layout)
            } else {
                System.alloc(layout)
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        unsafe {
            if MIMALLOC.load(Ordering::Relaxed) {
                mimalloc::MiMalloc.alloc_zeroed(layout)
            } else {
                System.alloc_zeroed(layout)
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was made by the allocator it is handed back to.
        unsafe {
            if mimalloc_owns(ptr) {
                mimalloc::MiMalloc.dealloc(ptr, layout);
            } else {
                System.dealloc(ptr, layout);
            }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` is resized by the allocator that made it (a block of the system's
        // stays the system's after the switch).
        unsafe {
            if mimalloc_owns(ptr) {
                mimalloc::MiMalloc.realloc(ptr, layout, new_size)
            } else {
                System.realloc(ptr, layout, new_size)
            }
        }
    }
}

/// Makes [`Allocator`] allocate with mimalloc from now on.
fn use_mimalloc() {
    MIMALLOC.store(true, Ordering::Relaxed);
}

/// Turns huge pages and mimalloc on when `bytes`, the size of the input files, is large (the
/// loader sums the files of a dataset folder).
pub fn for_input_size(bytes: u64) {
    if bytes >= LARGE_INPUT {
        huge_pages(true);
        use_mimalloc();
    }
}

/// Asks the processor to bring `item` into the cache; a hint, with no effect on results. For
/// loops that read far-apart records whose places are known a few steps ahead.
#[inline(always)]
pub(crate) fn prefetch<T: ?Sized>(item: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let at = std::ptr::from_ref(item).cast::<i8>();
        // SAFETY: prefetching is only a hint to the cache; it reads nothing and faults on no
        // address, and SSE is part of every x86_64 processor.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(at) };
        if std::mem::size_of_val(item) > 64 {
            // SAFETY: as above; the address is within the item (its size is over 64 bytes).
            unsafe { _mm_prefetch::<_MM_HINT_T0>(at.wrapping_add(64)) };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// Whether the kernel lets this process have huge pages (`THP_enabled` in its status, since
    /// Linux 5.0), `None` when it does not say.
    fn thp_enabled() -> Option<bool> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("THP_enabled:"))?;
        Some(line.split_whitespace().nth(1) == Some("1"))
    }

    fn enabled() -> bool {
        thp_enabled().unwrap()
    }

    // One test: the settings belong to the whole process, which the tests share. The system's
    // blocks are made before the switch, mimalloc's after, each kept, resized and freed by its
    // own allocator, with its contents.
    #[test]
    fn the_allocator_and_huge_pages_change_for_a_large_input_only() {
        let thp = thp_enabled().is_some();
        if !thp {
            eprintln!("huge pages not checked: this kernel does not show THP_enabled");
        }
        let a = Allocator;
        let small = Layout::from_size_align(100, 16).unwrap();
        let large = Layout::from_size_align(300_000, 16).unwrap();
        // SAFETY: each block is written within its size and freed once, with its layout.
        unsafe {
            let sys = a.alloc(small);
            assert!(!sys.is_null() && !mimalloc_owns(sys));
            sys.write_bytes(7, 100);

            huge_pages(false);
            for_input_size(1 << 20);
            assert!(!MIMALLOC.load(Ordering::Relaxed), "1 MiB is not large");
            assert!(!thp || !enabled());
            for_input_size((1 << 20) + (7 << 20));
            assert!(MIMALLOC.load(Ordering::Relaxed), "8 MiB over two files is");
            assert!(!thp || enabled());
            huge_pages(false);

            let mi = a.alloc(small);
            assert!(!mi.is_null() && mimalloc_owns(mi));
            mi.write_bytes(9, 100);
            let zeroed = a.alloc_zeroed(large);
            assert!(mimalloc_owns(zeroed));
            assert!(std::slice::from_raw_parts(zeroed, large.size()).iter().all(|&b| b == 0));
            let sys = a.realloc(sys, small, large.size());
            let mi = a.realloc(mi, small, large.size());
            assert!(!mimalloc_owns(sys) && mimalloc_owns(mi));
            assert!(std::slice::from_raw_parts(sys, 100).iter().all(|&b| b == 7));
            assert!(std::slice::from_raw_parts(mi, 100).iter().all(|&b| b == 9));
            for p in [sys, mi, zeroed] {
                a.dealloc(p, large);
            }
        }
    }
}
