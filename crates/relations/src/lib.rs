//! Aggregations of stored events into relations over time.
