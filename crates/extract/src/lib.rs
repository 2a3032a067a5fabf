//! Article extraction from HTML and cleaning of pasted text.
