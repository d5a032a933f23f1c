"""A spam filter that learns from the moderators, inside blogapp.

Comments are cut into tokens (``tokens``: words, link hosts, markup), each
token's spam probability comes from how often moderators found it in spam and
in genuine comments (``store``: counts in the database, shared by every worker
and host), and the clearest of them are combined into one score by the
Robinson–Fisher chi-square method SpamBayes uses (``combining``). ``scoring``
rates a new comment, ``learning`` follows the queue's decisions, ``evaluation``
measures the whole on a labelled file. docs/spam.md says why and how well.
"""
