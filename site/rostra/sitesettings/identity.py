"""Who a site speaks for, as its header and page titles name it: the
organisation (branding settings), unless a plugin answers the
``site_identity`` hook for that site (a candidate's own site names the
candidate, with the party under the name)."""

from dataclasses import dataclass

from wagtail import hooks


@dataclass(frozen=True)
class Identity:
    name: str
    tagline: str = ""


def for_site(site, brand):
    """The first plugin's answer for ``site``, else the brand's name and tagline."""
    if site is not None:
        for answer in hooks.get_hooks("site_identity"):
            identity = answer(site, brand)
            if identity is not None:
                return identity
    return Identity(brand.organisation_name, brand.local_tagline)
