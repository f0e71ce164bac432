"""The layout stage: the styled tree to ReportLab platypus flowables (only this and draw import ReportLab)."""
