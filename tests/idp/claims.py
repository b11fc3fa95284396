from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims: dict, user) -> dict:
    claims.update(
        given_name=user.first_name,
        family_name=user.last_name,
        preferred_username=user.username,
        email=user.email,
    )
    return claims


class GroupClaims(ScopeClaims):
    """The `groups` claim, as Entra ID and Keycloak give it."""

    def scope_groups(self) -> dict:
        return {"groups": sorted(self.user.groups.values_list("name", flat=True))}
