"""Logging in: login attempts are rate-limited by django-axes.

Every login form (ours, the admin's) passes its request to `authenticate()`, so axes counts its
failures by username and address and locks the pair out after AXES_FAILURE_LIMIT of them. Code
running on the server (management commands, the data import, tests) calls `authenticate()`
without a request: there is no remote client to count, and axes' own backend would refuse the
call outright, so such calls skip the check instead.
"""

from axes.backends import AxesStandaloneBackend


class LoginAttemptsBackend(AxesStandaloneBackend):
    """axes' check for locked-out logins, for calls that come with a request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None  # not a login over HTTP: nothing to rate-limit; the next backend decides
        return super().authenticate(request, username=username, password=password, **kwargs)
