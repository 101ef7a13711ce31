"""Is hub/z2jh-values.yaml a Zero to JupyterHub values file the chart would take for the cohort?

The chart itself is not installed here (no cluster): these check that the file is valid YAML,
that every key is one the chart's values schema (chart 4.x) knows at the places we use, and
that it carries the cohort's wiring: groups, roles, the formgrader service, the learner's server
command and the exchange on shared storage.
"""

from __future__ import annotations

import yaml

from autograder.hub import HubPlan
from course.catalog import REPO_ROOT
from course.hub_learner import COURSE_VARIABLE, EXCHANGE_VARIABLE, RELEASES_VARIABLE

VALUES = REPO_ROOT / "hub" / "z2jh-values.yaml"
CHART_TOP_LEVEL = {
    "enabled", "fullnameOverride", "nameOverride", "cull", "custom", "imagePullSecret",
    "imagePullSecrets", "hub", "proxy", "singleuser", "scheduling", "ingress", "httpRoute",
    "prePuller", "debug", "rbac", "global",
}  # fmt: skip
CHART_HUB = {
    "config", "loadRoles", "services", "extraConfig", "extraEnv", "extraVolumes",
    "extraVolumeMounts", "db", "image", "resources", "networkPolicy", "cookieSecret",
}  # fmt: skip
CHART_SINGLEUSER = {
    "image", "uid", "fsGid", "cmd", "defaultUrl", "extraEnv", "storage", "memory", "cpu",
    "networkPolicy", "profileList", "lifecycleHooks", "initContainers", "extraContainers",
}  # fmt: skip
CHART_STORAGE = {
    "type", "capacity", "homeMountPath", "extraVolumes", "extraVolumeMounts", "dynamic",
    "static", "extraLabels",
}  # fmt: skip


def values() -> dict:
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


def test_values_use_only_keys_the_chart_knows():
    """Is every key we set one the chart's schema has at that place?"""
    data = values()
    assert set(data) <= CHART_TOP_LEVEL, set(data) - CHART_TOP_LEVEL
    assert set(data["hub"]) <= CHART_HUB, set(data["hub"]) - CHART_HUB
    assert set(data["singleuser"]) <= CHART_SINGLEUSER, set(data["singleuser"]) - CHART_SINGLEUSER
    storage = data["singleuser"]["storage"]
    assert set(storage) <= CHART_STORAGE, set(storage) - CHART_STORAGE
    for volume in storage["extraVolumes"]:
        assert {"name"} < set(volume)
    for mount in storage["extraVolumeMounts"]:
        assert {"name", "mountPath"} <= set(mount)


def test_values_wire_the_cohort_as_the_local_hub_does():
    """Groups, roles, services and the learner's server match what make hub configures?"""
    data = values()
    course = HubPlan(state=REPO_ROOT).course_id
    roles = data["hub"]["loadRoles"]
    assert roles[f"formgrade-{course}"]["scopes"] == [f"access:services!service={course}"]
    assert roles[f"nbgrader-{course}"]["groups"] == [f"nbgrader-{course}"]
    assert roles["server"]["scopes"] == ["inherit"]
    assert course in data["hub"]["services"] and "url" in data["hub"]["services"][course]
    single = data["singleuser"]
    assert single["cmd"] == ["python", "-m", "course.hub_learner"]
    assert set(single["extraEnv"]) == {RELEASES_VARIABLE, EXCHANGE_VARIABLE, COURSE_VARIABLE}
    mounts = {m["mountPath"]: m["name"] for m in single["storage"]["extraVolumeMounts"]}
    exchange = mounts[single["extraEnv"][EXCHANGE_VARIABLE]]
    volume = next(v for v in single["storage"]["extraVolumes"] if v["name"] == exchange)
    assert "nfs" in volume and volume["nfs"]["server"] and volume["nfs"]["path"]
