# SwiftBinder front door. On a fresh Debian bookworm (as root):
#   make demo    in a QEMU-booted Debian 6.1 kernel: service manager, a Swift service and client,
#                binderctl; on swbinder, then the same programs on binder_linux
#   make test    host tests, then the module on every installed kernel, both drivers
# Details of every step land in build/ (results/, kmod/<release>/, vm/<release>/).

SHELL := /bin/bash
# The Swift toolchain ships in /opt/swift on the project's machines.
ifeq ($(shell command -v swift),)
export PATH := /opt/swift/usr/bin:$(PATH)
endif

RESULTS := build/results
# Runs inside the guest with SWB_TEST_DEVICE/SWB_TEST_DRIVER set.
DRIVER_TESTS ?= scripts/run-driver-tests.sh
# `make test` fails when a BC_/BR_/ioctl of the spec has no DriverTest on
# swbinder on every kernel (docs/protocol-coverage.md, written by every run
# either way); COVERAGE_ENFORCE=0 only reports the gaps.
COVERAGE_ENFORCE ?= 1
# $(call quiet,<log name>,<command>): output to build/results/<name>.log, its tail on failure.
quiet = (echo "== $(2)"; mkdir -p $(RESULTS); $(2) > $(RESULTS)/$(1).log 2>&1 || { tail -n 30 $(RESULTS)/$(1).log; exit 1; })

.PHONY: deps test test-locked fresh-deps-test host-test script-test kernel-test dkms-test demo bench bench-ab fuzz fuzz-slice

deps:
	@scripts/install-deps.sh

# One run at a time per checkout: a second one would wipe the first one's results.
test: deps
	@mkdir -p build; flock build/test.lock $(MAKE) --no-print-directory test-locked

# Kernels are listed only after deps has installed them, hence the loop here.
# One kernel failing does not stop the others: summarize.sh counts it.
test-locked:
	@rm -rf $(RESULTS) build/vm
	@$(MAKE) --no-print-directory fresh-deps-test
	@$(MAKE) --no-print-directory host-test
	@$(MAKE) --no-print-directory script-test
	@for rel in $$(scripts/kernels.sh | cut -d' ' -f2); do \
		$(MAKE) --no-print-directory kernel-test REL=$$rel || true; \
	done
	@$(MAKE) --no-print-directory dkms-test
	@if scripts/kernels.sh | grep -q '^debug '; then $(MAKE) --no-print-directory fuzz-slice || true; fi
	@echo "== protocol coverage (COVERAGE_ENFORCE=$(COVERAGE_ENFORCE))"; \
		scripts/protocol-coverage.sh > $(RESULTS)/coverage.log 2>&1; echo $$? > $(RESULTS)/coverage.rc; \
		grep -E '^(uncovered|binder-gen):' $(RESULTS)/coverage.log || tail -n 5 $(RESULTS)/coverage.log
	@scripts/summarize.sh && { [ "$(COVERAGE_ENFORCE)" != 1 ] || [ "$$(cat $(RESULTS)/coverage.rc)" = 0 ]; }

# install-deps.sh as on a machine whose apt lists are empty (simulated: APT_CONFIG).
fresh-deps-test:
	@echo "== scripts/check-fresh-deps.sh"; mkdir -p $(RESULTS); scripts/check-fresh-deps.sh > $(RESULTS)/fresh-deps.log 2>&1; \
		echo $$? > $(RESULTS)/fresh-deps.rc; grep -E '^(PASS|FAIL|Executed)' $(RESULTS)/fresh-deps.log

# Stale generated files or a broken build stop the run: nothing after them is meaningful.
host-test:
	@$(call quiet,binder-gen,swift run binder-gen --check)
	@$(call quiet,swift-build,swift build --build-tests)
	@echo "== swift test --skip DriverTests"; swift test --skip DriverTests > $(RESULTS)/host.log 2>&1; \
		echo $$? > $(RESULTS)/host.rc; grep -E 'Executed [0-9]+ tests?|Test run with' $(RESULTS)/host.log | tail -n 2

# The test harness's own logic (how a guest's kernel log is judged), on crafted input.
script-test:
	@echo "== scripts/tests"; mkdir -p $(RESULTS); rc=0; \
		for t in scripts/tests/*-test.sh; do $$t || rc=1; done > $(RESULTS)/scripts.log 2>&1; \
		echo $$rc > $(RESULTS)/scripts.rc; grep -E '^(FAIL|Executed)' $(RESULTS)/scripts.log

# One kernel: make kernel-test REL=<release from scripts/kernels.sh>
# Kernels with SELinux boot with it (no policy loaded: everything allowed), so
# that BR_TRANSACTION_SEC_CTX carries a context; Debian's default AppArmor has
# none to give, and the debug kernel has no LSM at all (SecurityContextTests).
kernel-test: VM_LSM = $(if $(shell grep -qs '^CONFIG_SECURITY_SELINUX=y' /boot/config-$(REL) && echo y),security=selinux selinux=1)
kernel-test:
	@scripts/check-uapi-names.sh /lib/modules/$(REL)/build
	@scripts/build-kmod.sh $(REL)
	@SWB_VM_APPEND_EXTRA="$(VM_LSM)" scripts/vm-run.sh $(REL) scripts/guest-driver-tests.sh $(REL) build/kmod/$(REL)/swbinder.ko $(DRIVER_TESTS)

# DKMS for the newest supported kernel: dkms install, a VM loads it with a
# plain modprobe, dkms remove (scripts/dkms-test.sh).
dkms-test: DKMS_REL = $(shell scripts/kernels.sh | awk '$$1 == "7.3" { print $$2 }')
dkms-test:
	@echo "== scripts/dkms-test.sh $(DKMS_REL)"; mkdir -p $(RESULTS); \
		if [ -n "$(DKMS_REL)" ]; then scripts/dkms-test.sh $(DKMS_REL) || true; \
		else echo "no 7.3 kernel installed" > $(RESULTS)/dkms.log; echo 1 > $(RESULTS)/dkms.rc; fi

demo: deps
	@$(call quiet,demo-build,swift build)
	@rel=$$(scripts/kernels.sh | awk '$$1 == "6.1" { print $$2 }'); \
		scripts/build-kmod.sh $$rel && scripts/vm-run.sh $$rel scripts/demo-guest.sh build/kmod/$$rel/swbinder.ko

# Hostile load: binder-fuzz in the debug kernel, SECONDS against swbinder, then
# against binder_linux in the same boot; judged by the kernel log, kmemleak,
# swbinder's live counters and rmmod (scripts/fuzz.sh). SEED: random if unset,
# printed; a failing run prints the command that reproduces it.
#   make fuzz [SECONDS=60] [SEED=S]
fuzz: deps
	@scripts/fuzz.sh "$(or $(SECONDS),60)" "$(SEED)"

# make test's bounded slice: 75 s per driver, a new seed each run (printed).
FUZZ_SLICE_SECONDS ?= 75
fuzz-slice:
	@mkdir -p $(RESULTS); echo "== scripts/fuzz.sh $(FUZZ_SLICE_SECONDS) (debug kernel, both drivers)"; \
		scripts/fuzz.sh $(FUZZ_SLICE_SECONDS) > $(RESULTS)/fuzz-run.log 2>&1; rc=$$?; \
		grep -E '^fuzz: |commands in|cycle collector' $(RESULTS)/fuzz-run.log; \
		[ $$rc = 0 ] || { grep -E '^(vm-run|binder-fuzz: .*(still alive|died))' $(RESULTS)/fuzz-run.log; \
			echo "== $(RESULTS)/fuzz.log"; cat $(RESULTS)/fuzz.log; }; exit $$rc

# Timing is measured here only, as ratios against binder_linux in one boot
# per kernel (6.12 and 7.3, release build; never the debug kernel), in
# interleaved rounds: scripts/bench.sh.
bench: deps
	@$(call quiet,bench-build,swift build -c release --product binder-bench)
	@scripts/bench.sh

# What a change costs: swbinder at REV (A) against the working tree (B), in
# one boot of KERNEL (default 7.3): make bench-ab REV=<commit> [KERNEL=6.12]
bench-ab: deps
	@[ -n "$(REV)" ] || { echo "usage: make bench-ab REV=<commit> [KERNEL=7.3]"; exit 2; }
	@scripts/bench-ab.sh "$(REV)" "$(or $(KERNEL),7.3)"
