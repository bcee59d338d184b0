"""A tiny OpenID Connect provider for the tests of the City's login (ADR 13), at the transport level: the real
mozilla-django-oidc backend talks to it through `requests`, whose adapter for the provider's address is this stub.

- `authorize(url, email=...)` stands for the browser at the provider's login page: it checks the authorisation
  request the application sent (client, scope, redirect URI, state, nonce, PKCE challenge), "logs the person in" and
  returns the redirect back to the application's callback with a one-time code.
- The token endpoint exchanges the code (client id and secret, the same redirect URI, the PKCE verifier) for an ID
  token signed with HS256 and the client secret, carrying the nonce, and an access token.
- The userinfo endpoint answers the access token with the person's claims.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from requests.adapters import BaseAdapter

ISSUER = "https://login.gemeente.test"
AUTHORIZATION_ENDPOINT = ISSUER + "/authorize"
TOKEN_ENDPOINT = ISSUER + "/token"
USERINFO_ENDPOINT = ISSUER + "/userinfo"
CLIENT_ID = "kwaliteitsaanpak"
CLIENT_SECRET = "geheim-van-de-stub-voor-de-tests-0123456789"  # noqa: S105 (a test's secret)


class StubProvider(BaseAdapter):
    def __init__(self):
        super().__init__()
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.token_requests = 0

    # The browser at the provider

    def authorize(
        self,
        url: str,
        *,
        email: str,
        email_verified: bool = True,
        nonce: str | None = None,
        signing_secret: str = CLIENT_SECRET,
    ) -> str:
        """The provider's answer to the authorisation request `url` after the person logged in: the callback URL
        with the code and the state. `nonce` and `signing_secret` let a test make the ID token go wrong."""
        parts = urlsplit(url)
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == AUTHORIZATION_ENDPOINT
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        assert query["client_id"] == CLIENT_ID and query["response_type"] == "code"
        assert "openid" in query["scope"].split() and "email" in query["scope"].split()
        assert query["state"] and query["nonce"] and query["code_challenge_method"] == "S256"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": query["redirect_uri"],
            "nonce": query["nonce"] if nonce is None else nonce,
            "challenge": query["code_challenge"],
            "claims": {
                "sub": hashlib.sha256(email.encode()).hexdigest(),
                "email": email,
                "email_verified": email_verified,
            },
            "signing_secret": signing_secret,
        }
        return f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"

    # The provider's endpoints, reached through requests

    def send(self, request, **kwargs):
        if request.url.startswith(TOKEN_ENDPOINT) and request.method == "POST":
            return self.token(request)
        if request.url.startswith(USERINFO_ENDPOINT) and request.method == "GET":
            return self.userinfo(request)
        return self.answer(request, 404, {"error": "not_found"})

    def close(self):
        pass

    def token(self, request):
        self.token_requests += 1
        form = {name: values[0] for name, values in parse_qs(request.body).items()}
        grant = self.codes.pop(form.get("code", ""), None)  # a code is used once
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != grant["redirect_uri"]
            or _challenge(form.get("code_verifier", "")) != grant["challenge"]
        ):
            return self.answer(request, 400, {"error": "invalid_grant"})
        now = int(time.time())
        id_token = jwt.encode(
            {
                "iss": ISSUER,
                "aud": CLIENT_ID,
                "iat": now,
                "exp": now + 300,
                "nonce": grant["nonce"],
                **grant["claims"],
            },
            grant["signing_secret"],
            algorithm="HS256",
        )
        access_token = secrets.token_urlsafe(16)
        self.access_tokens[access_token] = grant["claims"]
        return self.answer(
            request,
            200,
            {"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token},
        )

    def userinfo(self, request):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        claims = self.access_tokens.get(token) if scheme == "Bearer" else None
        if claims is None:
            return self.answer(request, 401, {"error": "invalid_token"})
        return self.answer(request, 200, claims)

    @staticmethod
    def answer(request, status: int, body: dict):
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        return response


def _challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")


def install(monkeypatch) -> StubProvider:
    """Route every request to the provider's address to a new stub; returns it."""
    stub = StubProvider()
    original = requests.Session.get_adapter

    def get_adapter(session, url):
        return stub if url.startswith(ISSUER) else original(session, url)

    monkeypatch.setattr(requests.Session, "get_adapter", get_adapter)
    return stub


def settings_for(settings) -> None:
    """The application's settings for the stub: OIDC on, HS256 with the client secret."""
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = AUTHORIZATION_ENDPOINT
    settings.OIDC_OP_TOKEN_ENDPOINT = TOKEN_ENDPOINT
    settings.OIDC_OP_USER_ENDPOINT = USERINFO_ENDPOINT
    settings.OIDC_OP_JWKS_ENDPOINT = None
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, settings.OIDC_BACKEND]
