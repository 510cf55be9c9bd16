"""The context stage: each coded event's place and date, from its sentence and its article.

`stage.ContextStage` runs it; `reader` finds datelines and place mentions, `mentions` holds
their records and the token tests, `places` the gazetteer, `dates` the date expressions.
Nothing is imported here, so that a reader of the gazetteer or the dates need not load spaCy.
"""
