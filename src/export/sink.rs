//! [`Sink`], the one writer every exporter writes into, whatever the bytes' destination: memory
//! ([`crate::export::export`]), a staged file written whole or not at all (the staged sets of
//! the output layer stream each file through one), or standard output (`-`, whose bytes a staged
//! set holds until they are all made, so that a refusal midway prints nothing).

use std::io::{self, Write};

/// The bytes of one file as an exporter produces them: appended to [`Sink::buf`] (directly, or
/// through [`Write`]) and moved to the destination whenever [`Sink::SIZE`] bytes are waiting, at
/// [`Sink::spill`] or at any `write`, so that a large file never sits whole in memory. Writing
/// never fails here: the first I/O error is reported when the file is finished (dot-writer
/// unwraps on I/O errors, so its writer must not see any).
pub struct Sink<'w> {
    /// The bytes not yet at the destination.
    pub buf: Vec<u8>,
    to: Option<&'w mut dyn Write>,
    error: Option<io::Error>,
}

impl std::fmt::Debug for Sink<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sink")
            .field("waiting", &self.buf.len())
            .field("streamed", &self.to.is_some())
            .field("error", &self.error)
            .finish()
    }
}

impl<'w> Sink<'w> {
    /// How many bytes wait in memory before they go to the destination: large enough that a
    /// write costs little per byte, small enough to stay in the cache and not to matter next to
    /// the graph.
    pub const SIZE: usize = 1 << 20;

    /// A sink that never goes anywhere: the whole output stays in `buf`.
    pub fn in_memory(buf: Vec<u8>) -> Sink<'static> {
        Sink { buf, to: None, error: None }
    }

    /// A sink that streams to `to` (a staged temporary file) in chunks of [`Sink::SIZE`],
    /// `buf` being the chunk buffer, lent so that a writer of many files reuses one allocation.
    /// [`Sink::finish`] writes what is left.
    pub fn streaming(to: &'w mut dyn Write, mut buf: Vec<u8>) -> Sink<'w> {
        buf.clear();
        Sink { buf, to: Some(to), error: None }
    }

    /// Moves the waiting bytes to the destination when they are [`Sink::SIZE`] or more;
    /// exporters that append to [`Sink::buf`] directly call it between records.
    #[inline]
    pub fn spill(&mut self) {
        if self.buf.len() >= Sink::SIZE && (self.to.is_some() || self.error.is_some()) {
            self.drain();
        }
    }

    /// Appends `bytes`; a large slice goes straight to the destination, without a copy in the
    /// buffer.
    pub fn put(&mut self, bytes: &[u8]) {
        if bytes.len() < Sink::SIZE || self.to.is_none() {
            if self.error.is_none() {
                self.buf.extend_from_slice(bytes);
                self.spill();
            }
            return;
        }
        self.drain();
        if let Some(to) = self.to.as_mut()
            && let Err(e) = to.write_all(bytes)
        {
            self.error = Some(e);
            self.to = None;
        }
    }

    /// Writes the waiting bytes to the destination; after a failure, drops them and keeps the
    /// error.
    fn drain(&mut self) {
        if let Some(to) = self.to.as_mut()
            && let Err(e) = to.write_all(&self.buf)
        {
            self.error = Some(e);
            self.to = None;
        }
        if self.to.is_some() || self.error.is_some() {
            self.buf.clear();
        }
    }

    /// Writes what is left to the destination and reports the first failure; in memory, the
    /// bytes stay in [`Sink::buf`].
    ///
    /// # Errors
    /// The first error of the destination.
    pub fn finish(&mut self) -> io::Result<()> {
        self.drain();
        self.error.take().map_or(Ok(()), Err)
    }
}

impl Write for Sink<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.put(bytes);
        Ok(bytes.len())
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.put(bytes);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A destination that takes `room` bytes, then fails as a full disk does.
    struct Full {
        got: Vec<u8>,
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            if self.got.len() + bytes.len() > self.room {
                return Err(io::Error::other("no space left"));
            }
            self.got.extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn streamed_bytes_arrive_in_order_and_the_first_failure_is_kept() {
        let piece: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let mut to = Full { got: Vec::new(), room: usize::MAX };
        let mut sink = Sink::streaming(&mut to, b"left over".to_vec());
        for _ in 0..3000 {
            sink.put(&piece);
            assert!(sink.buf.len() < Sink::SIZE);
        }
        let big = vec![7u8; 2 * Sink::SIZE];
        sink.put(&big);
        sink.put(b"end");
        sink.finish().unwrap();
        assert!(to.got == [piece.repeat(3000), big, b"end".to_vec()].concat());
        // A destination that fails: writing goes on quietly, the error comes at the end.
        let mut to = Full { got: Vec::new(), room: Sink::SIZE + 10 };
        let mut sink = Sink::streaming(&mut to, Vec::new());
        for _ in 0..3000 {
            sink.put(&piece);
        }
        assert_eq!(sink.finish().unwrap_err().to_string(), "no space left");
        assert!(sink.buf.is_empty(), "nothing kept after a failure");
        // In memory, everything stays in the buffer.
        let mut sink = Sink::in_memory(Vec::new());
        for _ in 0..3000 {
            sink.put(&piece);
        }
        sink.finish().unwrap();
        assert!(sink.buf == piece.repeat(3000));
    }
}
