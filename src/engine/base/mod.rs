//! The shared vocabulary of every layer above: text positions, diagnostics,
//! object identity, deterministic ordering and text helpers. Depends on no
//! other engine module.

pub mod diagnostics;
pub mod ip;
pub mod object_ref;
pub mod order;
pub mod source;
pub mod stable_hash;
pub mod text;
