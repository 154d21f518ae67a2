"""The citizen's path.

The flow, its steps and form pages, the form's checks, the quiet-time watch, and the
registrar that submits.
"""
