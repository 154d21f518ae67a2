"""The officer's widgets: the panel and its pages, the PIN pad, the confirm overlay and the
public display. Views only: they show the values a presenter gives them and emit what the
officer tapped; they never reach the store, the queue or the booth."""
