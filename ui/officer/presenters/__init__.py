"""One presenter per officer page (queue, slip check, report, export, personal data,
set-up) and one for the public display: they call the core on the background helper and
hand the pages values."""
