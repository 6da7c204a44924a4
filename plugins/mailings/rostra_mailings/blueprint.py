"""What a candidate's team gets from this plugin on a new candidate site: the
right to write and send their own newsletters (from their own site, to the
supporters of their own territory only: rostra_mailings.audience), and their
own site's series of messages (automations)."""

from rostra.blueprint import BlueprintPart


class MailingsPart(BlueprintPart):
    team_permissions = (
        ("mailings", "add_mailing"),
        ("mailings", "change_mailing"),
        ("mailings", "view_mailing"),
        ("mailings", "send"),
        ("mailings", "add_automation"),
        ("mailings", "change_automation"),
        ("mailings", "view_automation"),
        ("mailings", "delete_automation"),
        ("mailings", "add_smsbroadcast"),
        ("mailings", "change_smsbroadcast"),
        ("mailings", "view_smsbroadcast"),
    )
