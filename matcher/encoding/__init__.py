"""The one encoder: programme + plan context -> the numeric matching problem, and back.

Batch, shortlist and what-if all read this encoding (`encode`), so a rule's exclusion or
penalty is written once; `decode` turns chosen items back into assignments with reasons.
"""
