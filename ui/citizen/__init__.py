"""The citizen's touchscreen.

The window, the controller that wires it to the flow, fields and screens.
"""
