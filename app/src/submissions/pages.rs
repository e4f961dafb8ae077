//! The submission pages: listing with filters and search, detail, the form to send one.
