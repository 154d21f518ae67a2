"""The day report: figures, the CSV recap, charts and the PDF (no personal data)."""
