//! Iterative tree walks.
//!
//! Everything walks with a [`TreeCursor`] and a loop, never with recursion:
//! a pasted document can nest deeply enough (thousands of unclosed brackets
//! or quotes) to overflow the stack of a recursive walk.

use super::kinds;
use tree_sitter::{Node, TreeCursor};

/// Every node of a subtree, parents before children, in document order.
///
/// Yields anonymous nodes and `ERROR`/`MISSING` nodes too; filter with
/// [`Node::is_named`] or [`Node::kind`].
pub struct Preorder<'t> {
    cursor: TreeCursor<'t>,
    done: bool,
}

impl<'t> Preorder<'t> {
    /// Walks `root` and everything under it.
    pub fn new(root: Node<'t>) -> Self {
        Preorder {
            cursor: root.walk(),
            done: false,
        }
    }
}

impl std::fmt::Debug for Preorder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Preorder")
            .field("at", &self.cursor.node())
            .field("done", &self.done)
            .finish()
    }
}

impl<'t> Iterator for Preorder<'t> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        if self.done {
            return None;
        }
        let node = self.cursor.node();
        if !self.cursor.goto_first_child() {
            // A cursor made from a node cannot leave it: `goto_parent` fails
            // at the subtree's root, and a root has no siblings.
            while !self.cursor.goto_next_sibling() {
                if !self.cursor.goto_parent() {
                    self.done = true;
                    break;
                }
            }
        }
        Some(node)
    }
}

/// The nodes of `kind` under `root` (including `root`), in document order.
pub(crate) fn descendants_of_kind<'t>(
    root: Node<'t>,
    kind: &'static str,
) -> impl Iterator<Item = Node<'t>> {
    Preorder::new(root).filter(move |node| kinds::of(node) == kind)
}

/// The direct children of a node, in order.
///
/// Owns its cursor, so it can be returned from a view; stepping a cursor is
/// O(1) per child where `Node::child(i)` is O(i).
pub(crate) struct Children<'t> {
    cursor: TreeCursor<'t>,
    started: bool,
    done: bool,
}

impl<'t> Children<'t> {
    pub(crate) fn new(parent: Node<'t>) -> Self {
        Children {
            cursor: parent.walk(),
            started: false,
            done: false,
        }
    }
}

impl<'t> Iterator for Children<'t> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        if self.done {
            return None;
        }
        let moved = if self.started {
            self.cursor.goto_next_sibling()
        } else {
            self.started = true;
            self.cursor.goto_first_child()
        };
        if moved {
            Some(self.cursor.node())
        } else {
            self.done = true;
            None
        }
    }
}

/// The number of `ERROR` and `MISSING` nodes under `root`.
///
/// Descends only into subtrees that contain an error, so an error-free
/// tree costs one check of the root.
pub(crate) fn error_count(root: Node<'_>) -> usize {
    let mut count = 0;
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            count += 1;
        }
        if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return count;
            }
        }
    }
}
