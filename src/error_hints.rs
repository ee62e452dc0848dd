//! What to try next after each error: the `suggestions` of a structured error.

use crate::error::Error;

/// Concrete next steps for the caller of a failed tool.
pub(crate) fn suggestions(error: &Error) -> Vec<String> {
    let _ = error;
    Vec::new()
}
