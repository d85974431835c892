"""Access rows for compliance reports, their CSV export and the Monitoring Officer's dashboard (issue 8).

The report is for the Monitoring Officer (every council they serve), the Clerk (their council)
and the Chair or Vice-Chair (breach and referral figures); anyone else gets 404. With no
council asked for, each gets their first council: Ashford Market for everyone here.
"""

from tests.access.vocabulary import LOGIN, NOT_FOUND, OK, ok_containing

EXPECTATIONS = {
    "compliance-report": {
        "anonymous": LOGIN,
        "outsider": NOT_FOUND,
        "councillor": NOT_FOUND,
        "clerk": ok_containing("Equal treatment"),
        "officer": NOT_FOUND,
        "chair": ok_containing("Protocol breach reports"),
        "vice_chair": ok_containing("Protocol breach reports"),
        "monitoring_officer": ok_containing("Breach reports and referrals by councillor"),
    },
    "compliance-report-csv": {
        "anonymous": LOGIN,
        "outsider": NOT_FOUND,
        "councillor": NOT_FOUND,
        "clerk": OK,
        "officer": NOT_FOUND,
        "chair": OK,
        "vice_chair": OK,
        "monitoring_officer": OK,
    },
    "monitoring-dashboard": {
        "anonymous": LOGIN,
        "outsider": NOT_FOUND,
        "councillor": NOT_FOUND,
        "clerk": NOT_FOUND,
        "officer": NOT_FOUND,
        "chair": NOT_FOUND,
        "vice_chair": NOT_FOUND,
        "monitoring_officer": ok_containing("Code of Conduct complaints by stage"),
    },
}
