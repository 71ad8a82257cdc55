"""peermatch's domain: models, programme folders, rules, eligibility, scoring and jobs."""
