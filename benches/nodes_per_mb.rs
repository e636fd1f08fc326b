//! Prints how many nodes the grammar makes per megabyte of a generated
//! notes document: the number that decides the memory a large open
//! document costs in the server (tree-sitter nodes are tens of bytes each).
//!
//! Run with `cargo bench --bench nodes_per_mb`.

use ibid::analysis::syntax::{self, Preorder};
use ibid::analysis::testgen::notes_document;

fn main() {
    let text = notes_document(1_000_000, 42);
    let tree = syntax::parse(&text);
    let (mut total, mut named) = (0usize, 0usize);
    for node in Preorder::new(tree.root()) {
        total += 1;
        named += usize::from(node.is_named());
    }
    let megabytes = text.len() as f64 / 1_000_000.0;
    println!("document: {} bytes ({megabytes:.2} MB)", text.len());
    println!("{}", syntax::Summary::of(&tree, &text));
    println!(
        "nodes: {total} ({:.0} per MB); named nodes: {named} ({:.0} per MB)",
        total as f64 / megabytes,
        named as f64 / megabytes
    );
}
