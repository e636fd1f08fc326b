//! Giving memory back. A language server lives as long as the editor and
//! sees documents of every size come and go; the C allocator of GNU/Linux
//! keeps what a closed document freed (in one pool per thread that ever
//! allocated), so without help the server would stay at its high-water mark
//! for the rest of the session.

/// Keeps the allocator to one pool. Each thread that allocates may otherwise
/// get a pool of its own, and memory freed in one is not reused by another:
/// with the runtime's worker and blocking threads that fragmentation costs
/// more than the pools save in lock contention, for a server whose work is
/// one analysis at a time per document (small blocks come from each thread's
/// own cache without the lock anyway). Typing in a 1 MB document reached
/// 35.3 MiB with two pools and 33.7-33.9 MiB with one.
pub fn limit_pools() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: `mallopt` only changes a tuning parameter of the allocator; it
    // is called once, before the runtime starts its threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

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
