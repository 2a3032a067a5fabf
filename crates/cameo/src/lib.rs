//! The CAMEO event taxonomy: codes, names, Goldstein values, quad classes, PLOVER types.
