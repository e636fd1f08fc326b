//! The memory allocator of the `ibid` binary: mimalloc for the commands
//! that run through files and exit, the C library's for the language
//! server.
//!
//! Parsing builds a tree of hundreds of thousands of small nodes per
//! megabyte and frees it again when the check moves to the next file, and
//! the analysis allocates and frees small strings and vectors at the same
//! rate. mimalloc serves both from per-thread free lists, where the C
//! allocator of GNU/Linux keeps only seven chunks of a size in its
//! per-thread cache and takes a lock for the rest: `ibid check` runs about
//! a tenth faster with it (`docs/performance.md`).
//!
//! The server stays with the C allocator, tuned in `lsp::memory`: it lives
//! as long as the editor, and there mimalloc's per-thread pages cost more
//! memory than its speed is worth (a 1 MB document peaked at 38 MiB with
//! mimalloc tuned for memory, against 29 MiB).
//!
//! [`Allocator`] is the binary's `#[global_allocator]`. It starts as the
//! system allocator; [`use_mimalloc`] switches what is allocated from then
//! on. A block is freed by whichever allocator owns it, so what was
//! allocated before the switch (the parsed arguments) is still freed
//! correctly after it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, Ordering};

use mimalloc::MiMalloc;

/// Whether new blocks come from mimalloc. It only ever goes from false to
/// true, so while it is false no block of mimalloc's exists.
static MIMALLOC: AtomicBool = AtomicBool::new(false);

/// The global allocator of the binary: the system allocator until
/// [`use_mimalloc`] is called, mimalloc after.
#[derive(Debug)]
pub struct Allocator;

/// Makes mimalloc serve every allocation from now on, Rust's and the
/// tree-sitter runtime's.
///
/// Call it once, before any parser or tree exists: the runtime's blocks
/// are freed by the runtime's `free`, so its allocator must not change
/// while one of them lives.
pub fn use_mimalloc() {
    MIMALLOC.store(true, Ordering::Release);
    share_with_tree_sitter();
}

/// Hands mimalloc to the tree-sitter runtime (see [`use_mimalloc`]).
fn share_with_tree_sitter() {
    #[allow(unsafe_code)]
    // SAFETY: the four functions are one allocator family, aligned as
    // malloc is, and never return null for a non-zero size (the wrappers
    // abort, as the runtime's own do); no tree-sitter object exists yet
    // and this runs once, on the main thread, before any other starts.
    unsafe {
        tree_sitter::set_allocator(Some(tree_sitter::Allocator {
            malloc: ts_malloc,
            calloc: ts_calloc,
            realloc: ts_realloc,
            free: libmimalloc_sys::mi_free,
        }));
    }
}

/// Whether `block` is mimalloc's; only then may mimalloc free or grow it.
#[allow(unsafe_code)]
fn from_mimalloc(block: *mut u8) -> bool {
    // SAFETY: `mi_is_in_heap_region` only looks the address up in
    // mimalloc's page map; any address may be asked.
    MIMALLOC.load(Ordering::Relaxed)
        && unsafe { libmimalloc_sys::mi_is_in_heap_region(block.cast::<c_void>()) }
}

#[allow(unsafe_code)]
// SAFETY: each call goes to one of two allocators that are themselves
// sound; a block is freed and resized only by the one that owns it.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        unsafe {
            if MIMALLOC.load(Ordering::Relaxed) {
                MiMalloc.alloc(layout)
            } else {
                System.alloc(layout)
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        unsafe {
            if MIMALLOC.load(Ordering::Relaxed) {
                MiMalloc.alloc_zeroed(layout)
            } else {
                System.alloc_zeroed(layout)
            }
        }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on to the owner.
        unsafe {
            if from_mimalloc(block) {
                MiMalloc.dealloc(block, layout);
            } else {
                System.dealloc(block, layout);
            }
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract, passed on to the owner.
        unsafe {
            if from_mimalloc(block) {
                MiMalloc.realloc(block, layout, new_size)
            } else {
                System.realloc(block, layout, new_size)
            }
        }
    }
}

/// The runtime's own wrappers abort when memory runs out rather than hand
/// a null pointer to code that does not test for it; these do the same.
#[allow(unsafe_code)]
unsafe extern "C" fn ts_malloc(size: usize) -> *mut c_void {
    // SAFETY: any size may be asked of `mi_malloc`.
    or_abort(unsafe { libmimalloc_sys::mi_malloc(size) }, size)
}

#[allow(unsafe_code)]
unsafe extern "C" fn ts_calloc(count: usize, size: usize) -> *mut c_void {
    // SAFETY: `mi_calloc` checks the product for overflow itself.
    let block = unsafe { libmimalloc_sys::mi_calloc(count, size) };
    or_abort(block, count.saturating_mul(size))
}

#[allow(unsafe_code)]
unsafe extern "C" fn ts_realloc(old: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: the runtime passes null or a block of this allocator's.
    or_abort(unsafe { libmimalloc_sys::mi_realloc(old, size) }, size)
}

fn or_abort(block: *mut c_void, size: usize) -> *mut c_void {
    if block.is_null() && size != 0 {
        std::process::abort();
    }
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A block given out before the switch goes back to the system
    /// allocator after it, grown or not; one given out after it, to
    /// mimalloc. (The test calls the allocator directly: the test binary's
    /// own global allocator is the system's, so the switch touches nothing
    /// else here.)
    #[test]
    #[allow(unsafe_code)]
    fn each_block_goes_back_to_the_allocator_that_gave_it() {
        let small = Layout::from_size_align(64, 8).expect("a valid layout");
        let large = Layout::from_size_align(4096, 8).expect("a valid layout");
        // SAFETY: every block is freed once, with the layout it has.
        unsafe {
            let before = Allocator.alloc(small);
            assert!(!before.is_null());
            assert!(!from_mimalloc(before));

            MIMALLOC.store(true, Ordering::Release);
            let after = Allocator.alloc_zeroed(small);
            assert!(!after.is_null());
            assert!(from_mimalloc(after));
            assert_eq!(*after, 0);
            assert!(!from_mimalloc(before));

            before.write(7);
            let grown = Allocator.realloc(before, small, large.size());
            assert!(!from_mimalloc(grown));
            assert_eq!(*grown, 7);
            let moved = Allocator.realloc(after, small, large.size());
            assert!(from_mimalloc(moved));

            Allocator.dealloc(grown, large);
            Allocator.dealloc(moved, large);
        }
    }
}
