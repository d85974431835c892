"""Compliance figures for the standards committee and the Monitoring Officer (issue 8).

The protocol asks staff to treat every councillor equally (000 2.5(l), 4.5) and a standards
committee to review how the protocol works in practice (002 1.8). These modules answer, for a
council and a period, how quickly enquiries, information requests, referrals and breach reports
were dealt with — overall, by month, by officer and by councillor and political group.

- periods: the quarter and the report period, in London dates;
- scope: who may report on which council, and which figures they see;
- compliance: the compliance report (a fixed number of aggregate queries, whatever the size);
- dashboard: the Monitoring Officer's figures across every council they serve;
- forms: the report's GET form.
"""
