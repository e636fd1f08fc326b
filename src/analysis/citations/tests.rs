//! Citation reading tests.
