"""One file per schema revision, in order (``down_revision``)."""
