//! Giving memory back. A language server lives as long as the editor and
//! sees documents of every size come and go; the C allocator of GNU/Linux
//! keeps what a closed document freed (in one pool per thread that ever
//! allocated), so without help the server would stay at its high-water mark
//! for the rest of the session.

/// Tunes the C allocator for a server that rebuilds a document's analysis on
/// every keystroke.
///
/// One pool: each thread that allocates may otherwise get a pool of its
/// own, and memory freed in one is not reused by another; with the
/// runtime's worker and blocking threads that fragmentation costs more than
/// the pools save in lock contention, for a server whose work is one
/// analysis at a time per document (small blocks come from each thread's
/// own cache without the lock anyway). Typing in a 1 MB document reached
/// 35.3 MiB with two pools and 33.7-33.9 MiB with one.
///
/// Large blocks from the pool, and freed memory kept: by default a block of
/// more than 128 KiB (a copy of the text, the encoded diagnostics, the
/// tables of a large index) is mapped for itself and unmapped when freed,
/// and the top of the pool is given back whenever 128 KiB of it are free.
/// Each keystroke then maps and touches again the same megabytes: about 550
/// page faults a keystroke in a 1 MB document with hundreds of findings,
/// 40% of the keystroke's time. Kept, the pages are reused; the peak is the
/// same, and [`release`] still gives everything back when a document closes.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: `mallopt` only changes tuning parameters of the allocator; it
    // is called once, before the runtime starts its threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD);
    }
}

/// The largest threshold glibc accepts on 64-bit systems: blocks above it
/// (a document of tens of megabytes) are still mapped for themselves.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 32 << 20;

/// Free memory at the top of the pool kept for the next keystroke.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TRIM_THRESHOLD: libc::c_int = 64 << 20;

/// Returns the free memory of every pool to the system (after a document
/// is closed or refused).
pub fn release() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: `malloc_trim` only releases free pages; it takes the
    // allocator's own locks and touches no memory in use.
    unsafe {
        libc::malloc_trim(0);
    }
}
