//! Actor dictionary and actor recognition.
