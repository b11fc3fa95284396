"""Reading policy documents (kaderdocument, uitvoeringsprogramma) from their text or PDF.

Work in progress for issue 6: `text` removes the marks of PDF extraction; the parsers that
turn clean lines into a draft plan come next (see the closing notes of issue 5's session).
"""
