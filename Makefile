# Weft — the two commands a newcomer needs: `make run` and `make test`.
SWIFT ?= swift
DEB_PACKAGES := libglpk-dev glpk-utils libsqlite3-dev libxml2-dev openvswitch-switch iproute2 iputils-ping python3-os-ken tcpdump iperf3 ethtool postgresql
WEFT := .build/debug/weft

.PHONY: deps build run test clean

## Install the Debian packages that are missing (needs root or sudo).
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

## Build and run the main job on a built-in example: a what-if run (spine failure under load)
## that writes reports/spine-failure-under-load/report.html and report.json.
run: build
	$(WEFT) whatif scenarios/spine-failure-under-load.yaml --output reports/spine-failure-under-load

## Build and run every test, one at a time: the OVS suites measure timings (discovery within 0.5 s)
## that parallel CPU-heavy suites would distort on a 2-core machine; after the build they take about
## 9 min (647 tests in 122 suites ran in 520 s at a59e7ff; PostgreSQL, OVS and iperf3 suites included).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel

clean:
	rm -rf .build reports
