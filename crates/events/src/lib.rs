//! Event coding: CAMEO events from parsed, actor-tagged documents.
