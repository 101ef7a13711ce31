"""JupyterHub settings for a cohort of the course: `make hub` starts a hub with them.

All of it comes from autograder/hub.py (configure_hub), from the plan the launcher set up:
accounts, the course directory, the shared exchange, formgrader and the case demos as hub
services, groups and roles. Only the authenticator is the local run's own (one shared password
for accounts the launcher made). A shared server keeps everything else and names its own
authenticator below, for example:

    c.JupyterHub.authenticator_class = "pam"     # the machine's accounts
    c.Authenticator.allowed_users = set()        # or allow the course's hub groups:
    c.Authenticator.allowed_groups = {"nbgrader-outsourcing-leadership-lab"}

Learners' servers run under accounts of the same names (LocalProcessSpawner), so an
authenticator whose names are not accounts of this machine needs a spawner that isolates
otherwise (see hub/z2jh-values.yaml for Kubernetes).
"""

from autograder.hub import HubPlan, configure_hub

c = get_config()  # noqa: F821 (provided by traitlets when JupyterHub loads this file)
configure_hub(c, HubPlan.from_environment())
