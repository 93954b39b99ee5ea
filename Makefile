# kumo — build, run and test.
# `make run` and `make test` install what is missing (Debian 12, apt-get: `make deps`) before they build;
# `make`, `make check` and `make install` never install anything.
#
#   PREFIX, DESTDIR, BINDIR, DATADIR, MANPREFIX   where `make install` puts things
#   STATEDIR, KUMO_GROUP                           `make install-system`: the shared database's folder and group
#   CC, CFLAGS, LDFLAGS                            the compiler (the project's own flags are always added)
#   PKG_CONFIG                                     the pkg-config to ask (a cross or sysroot one)
#   WERROR=0                                       warnings stay warnings (for a packager's newer compiler)
#   BUILD, BIN                                     build side by side (make BUILD=build-x BIN=kumo-x)

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/kumo
MANPREFIX ?= $(PREFIX)/share/man
# the state folder of a many-user install (make install-system): root:$(KUMO_GROUP) 2770, the database 0660
STATEDIR  ?= /var/lib/kumo
KUMO_GROUP ?= kumo

CC         ?= cc
PKG_CONFIG ?= pkg-config
WERROR     ?= 1
CFLAGS     ?= -O2 -g
PKGS       := ncursesw sqlite3 xlsxwriter zlib libutf8proc libcrypto
# libcsv through pkg-config when it ships a .pc (Debian 12's libcsv-dev does not), else plain -lcsv
CSV_PC     := $(firstword $(foreach p,libcsv csv,$(if $(shell $(PKG_CONFIG) --exists $(p) 2>/dev/null && echo y),$(p))))

# The project's own flags are kept even when CFLAGS is given on the command line (make CFLAGS="-O1 -fsanitize=…").
override CFLAGS += -std=c17 -D_GNU_SOURCE -Wall -Wextra -Wmissing-prototypes $(if $(filter 1,$(WERROR)),-Werror) -I. \
           -DKUMO_TEMPLATE_DIR='"$(DATADIR)/templates"' -DKUMO_STATEDIR='"$(STATEDIR)"'
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) $(CSV_PC) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) $(CSV_PC) 2>/dev/null)
override LDLIBS += $(PKG_LIBS) $(if $(CSV_PC),,-lcsv)
override CFLAGS += $(PKG_CFLAGS)

# Debian packages the build and the tests need (checked with dpkg, installed with apt-get).
BUILD_DEBS := build-essential pkg-config libncurses-dev libsqlite3-dev libxlsxwriter-dev libcsv-dev zlib1g-dev libutf8proc-dev libssl-dev
TEST_DEBS  := check tmux python3 python3-openpyxl sqlite3 locales time groff-base tzdata
# Japanese glyphs for LibreOffice when an exported workbook is opened or printed to PDF on this machine, and
# pdftoppm/pdftotext to look at such a PDF (LibreOffice itself is not installed: tests that need it SKIP)
VIEW_DEBS  := fonts-ipafont-gothic poppler-utils
# make bench's anchors: the Python libraries that write the same workbook (EXTRA_DEBS: what a target adds to deps)
BENCH_DEBS := python3-xlsxwriter python3-openpyxl sqlite3 time
EXTRA_DEBS ?=
# `make fuzz` only (libFuzzer with its sanitizers): never needed by make test, which replays the corpora with gcc
FUZZ_DEBS  := clang libclang-rt-14-dev

# Every source folder: the layers below the front ends, then the two front ends; main.c picks a front end.
SRC_DIRS := forms db app app/exchange ui cli
SRC_LIB  := $(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.c))
SRC_MAIN := main.c
BUILD    ?= build
OBJ_LIB  := $(SRC_LIB:%.c=$(BUILD)/%.o)
OBJ_MAIN := $(SRC_MAIN:%.c=$(BUILD)/%.o)
DEPS     := $(OBJ_LIB:.o=.d) $(OBJ_MAIN:.o=.d)
# A build folder carries this mark so that `make clean` removes only folders the build made.
STAMP    := $(BUILD)/.kumo-build

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
CHECK_CFLAGS := $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

# A missing library is said at once, by name, instead of as a compiler error far down. Not for the targets that
# install the libraries first (deps, test, run, sanitize run `make deps` and then make again) or need none.
NO_BUILD_GOALS := deps test run sanitize clean uninstall bench fuzz fuzz-deps
BUILD_GOALS    := $(filter-out $(NO_BUILD_GOALS),$(or $(MAKECMDGOALS),all))
ifneq ($(BUILD_GOALS),)
MISSING_PKGS := $(foreach p,$(PKGS) $(if $(filter tests-bin check,$(BUILD_GOALS)),check),\
                  $(if $(shell $(PKG_CONFIG) --exists $(p) 2>/dev/null && echo y),,$(p)))
ifneq ($(strip $(MISSING_PKGS)),)
$(error $(PKG_CONFIG) does not find: $(strip $(MISSING_PKGS)). On Debian 12 `make deps` installs them \
  ($(BUILD_DEBS) $(TEST_DEBS)); elsewhere install their development packages, or set PKG_CONFIG / PKG_CONFIG_PATH)
endif
endif

.PHONY: all deps run test check clean install install-system uninstall sanitize tests-bin docs golden FORCE fuzz fuzz-deps fuzz-run

BIN ?= kumo

all: $(BIN)

$(BIN): $(OBJ_LIB) $(OBJ_MAIN)
	@echo "  LD  $@"; $(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(STAMP):
	@mkdir -p $(BUILD) && touch $@

# The folders compiled into the binary: the files that use them are rebuilt when they change (make install
# PREFIX=/usr after a plain make, make install-system STATEDIR=…).
PATHS_STAMP := $(BUILD)/.kumo-paths
$(PATHS_STAMP): FORCE | $(STAMP)
	@p='$(DATADIR)/templates $(STATEDIR)'; [ "$$(cat $@ 2>/dev/null)" = "$$p" ] || printf '%s\n' "$$p" >$@
$(BUILD)/forms/checklist.o $(BUILD)/app/session.o: $(PATHS_STAMP)
FORCE:

$(BUILD)/%.o: %.c | $(STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC  $<"; $(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

# The fuzz harnesses (tests/fuzz/fuzz_<name>.c), each an LLVMFuzzerTestOneInput. In make test they are built by
# the ordinary compiler with that function renamed fuzz_<name>, and tests/unit/test_fuzz_replay.c feeds them every
# file of their corpus (tests/fuzz/corpus/<name>/); `make fuzz` builds them with clang's libFuzzer and runs them.
FUZZ_NAMES := csv_import date text_width
FUZZ_OBJ   := $(FUZZ_NAMES:%=$(BUILD)/tests/fuzz_%.o)
$(BUILD)/tests/fuzz_%.o: tests/fuzz/fuzz_%.c | $(STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC  $<"; $(CC) $(CFLAGS) -DLLVMFuzzerTestOneInput=fuzz_$* -MMD -MP -c -o $@ $<
$(BUILD)/tests/test_fuzz_replay: tests/unit/test_fuzz_replay.c $(FUZZ_OBJ) $(OBJ_LIB)
	@mkdir -p $(dir $@)
	@echo "  LD  $@"; $(CC) $(CFLAGS) $(LDFLAGS) $(CHECK_CFLAGS) -o $@ $< $(FUZZ_OBJ) $(OBJ_LIB) $(LDLIBS) $(CHECK_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(OBJ_LIB)
	@mkdir -p $(dir $@)
	@echo "  LD  $@"; $(CC) $(CFLAGS) $(LDFLAGS) $(CHECK_CFLAGS) -o $@ $< $(OBJ_LIB) $(LDLIBS) $(CHECK_LIBS)

-include $(DEPS) $(FUZZ_OBJ:.o=.d)

# The folders compiled into the binary must be absolute and plain (they become C string literals).
ifneq ($(filter-out /%,$(DATADIR) $(STATEDIR)),)
$(error DATADIR and STATEDIR must be absolute paths (they are compiled into the binary): $(DATADIR) $(STATEDIR))
endif
ifneq ($(findstring ',$(DATADIR)$(STATEDIR))$(findstring ",$(DATADIR)$(STATEDIR))$(findstring \,$(DATADIR)$(STATEDIR)),)
$(error DATADIR and STATEDIR must not contain quotes or backslashes: $(DATADIR) $(STATEDIR))
endif

# Install what is missing (Debian 12: dpkg and apt-get); quiet when everything is there already. Elsewhere it only
# lists the Debian names of what is needed.
deps:
	@if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then \
	  echo "deps: not a Debian system; install the equivalents of: $(BUILD_DEBS) $(TEST_DEBS)"; exit 0; \
	fi; \
	missing=""; for p in $(BUILD_DEBS) $(TEST_DEBS) $(VIEW_DEBS) $(EXTRA_DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

DEMO_DB ?= $(CURDIR)/demo/kumo-demo.db

run: deps
	@$(MAKE) --no-print-directory kumo
	@mkdir -p $(dir $(DEMO_DB))
	@[ -f "$(DEMO_DB)" ] || KUMO_TEMPLATE_DIR=$(CURDIR)/templates ./kumo --db "$(DEMO_DB)" demo
	KUMO_TEMPLATE_DIR=$(CURDIR)/templates ./kumo --db "$(DEMO_DB)"

# The README's command list and the man page's synopsis, options, commands and exit statuses, made from the command
# table (cli/) by the binary; commit the result (tests/e2e/test_docs.sh checks that it is current).
docs: $(BIN)
	@for f in README.md kumo.1; do sh docs/gen.sh ./$(BIN) $$f >$$f.new && mv $$f.new $$f || { rm -f $$f.new; exit 1; }; done
	@echo "docs: README.md and kumo.1 regenerated from the command table"

# The golden screens (tests/e2e/test_golden_ui.py) written again from the screens as they are now: review each file
# (git diff tests/golden) before committing it — it asserts that the screen is right.
golden: $(BIN)
	@KUMO_BIN=$(CURDIR)/$(BIN) KUMO_GOLDEN_UPDATE=1 python3 tests/e2e/test_golden_ui.py | tail -n 1
	@echo "golden: tests/golden/ written from the screens; review them (git diff tests/golden) before committing"

# Every test on a fresh Debian 12 machine: what is missing installed first, then `make check`.
test: deps
	@$(MAKE) --no-print-directory check

# Builds and runs every test (tests/run.sh), installing nothing.
check: $(BIN) tests-bin
	@KUMO_BIN=$(CURDIR)/$(BIN) UNIT_DIR=$(BUILD)/tests bash tests/run.sh

tests-bin: $(UNIT_BIN)

# make bench (never part of make test): a database of N applications, then issue 10's table measured side by side
# with its anchors (tests/bench/bench.sh): make bench N=1000000.
N ?= 100000
$(BUILD)/bench/xlsx_anchor: tests/bench/xlsx_anchor.c | $(STAMP)
	@mkdir -p $(dir $@)
	@echo "  LD  $@"; $(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(PKG_LIBS)

bench:
	@$(MAKE) --no-print-directory deps EXTRA_DEBS="$(BENCH_DEBS)"
	@$(MAKE) --no-print-directory $(BIN) $(BUILD)/bench/xlsx_anchor
	@KUMO_BIN=$(CURDIR)/$(BIN) ANCHOR_BIN=$(CURDIR)/$(BUILD)/bench/xlsx_anchor N=$(N) bash tests/bench/bench.sh

# The same tests, built with the address and undefined-behaviour sanitizers.
sanitize: deps
	@ASAN_OPTIONS=detect_leaks=1 $(MAKE) --no-print-directory BUILD=build-san BIN=kumo-san \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  LDFLAGS="-fsanitize=address,undefined" check

# The binary is (re)built for these folders first (see PATHS_STAMP); DESTDIR only stages the files.
TEMPLATES := $(notdir $(wildcard templates/*.csv))

# libFuzzer (clang, with the address and undefined-behaviour sanitizers) on each harness for FUZZ_SECONDS, starting
# from its corpus in tests/fuzz/corpus/<name>/; what it finds new goes to build-fuzz/corpus-<name>/ and a crash to
# build-fuzz/crash-<name>-…: add the crash to the corpus once fixed, so make test replays it ever after.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
fuzz: fuzz-deps
	@$(MAKE) --no-print-directory BUILD=build-fuzz BIN=build-fuzz/kumo CC=$(FUZZ_CC) \
	  CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" fuzz-run

fuzz-run: $(FUZZ_NAMES:%=$(BUILD)/fuzz/%)
	@for n in $(FUZZ_NAMES); do \
	  mkdir -p $(BUILD)/corpus-$$n; \
	  echo "fuzz: $$n for $(FUZZ_SECONDS) s (corpus tests/fuzz/corpus/$$n)"; \
	  $(BUILD)/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -artifact_prefix=$(BUILD)/crash-$$n- \
	    $(BUILD)/corpus-$$n tests/fuzz/corpus/$$n 2>$(BUILD)/fuzz-$$n.log || { tail -40 $(BUILD)/fuzz-$$n.log; exit 1; }; \
	  grep -E '^stat::(number_of_executed_units|new_units_added)' $(BUILD)/fuzz-$$n.log; \
	done

$(BUILD)/fuzz/%: tests/fuzz/fuzz_%.c $(OBJ_LIB)
	@mkdir -p $(dir $@)
	@echo "  LD  $@"; $(CC) $(CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< $(OBJ_LIB) $(LDLIBS)

# clang and its libFuzzer runtime (Debian 12), installed only for make fuzz
fuzz-deps:
	@$(MAKE) --no-print-directory deps EXTRA_DEBS="$(FUZZ_DEBS)"

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(MANPREFIX)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/kumo
	install -m 644 $(addprefix templates/,$(TEMPLATES)) $(DESTDIR)$(DATADIR)/templates/
	sed -e 's|/usr/local/share/kumo|$(DATADIR)|g' -e 's|/var/lib/kumo|$(STATEDIR)|g' kumo.1 >$(DESTDIR)$(MANPREFIX)/man1/kumo.1
	chmod 644 $(DESTDIR)$(MANPREFIX)/man1/kumo.1

# A shared server (README 「複数の職員で使う」): kumo setgid to the group $(KUMO_GROUP), which alone owns the state
# folder and the database; users are not in the group, so kumo is the only door to the record. Run as root.
install-system: install
	@getent group $(KUMO_GROUP) >/dev/null || { echo "groupadd --system $(KUMO_GROUP)"; groupadd --system $(KUMO_GROUP); }
	chown root:$(KUMO_GROUP) $(DESTDIR)$(BINDIR)/kumo
	chmod 2755 $(DESTDIR)$(BINDIR)/kumo
	install -d -o root -g $(KUMO_GROUP) -m 2770 $(DESTDIR)$(STATEDIR)
	chown root:$(KUMO_GROUP) $(DESTDIR)$(STATEDIR)
	chmod 2770 $(DESTDIR)$(STATEDIR)
	@for f in $(DESTDIR)$(STATEDIR)/kumo.db $(DESTDIR)$(STATEDIR)/kumo.db-wal $(DESTDIR)$(STATEDIR)/kumo.db-shm; do \
	  if [ -f "$$f" ]; then echo "chgrp $(KUMO_GROUP) $$f; chmod 0660 $$f"; chgrp $(KUMO_GROUP) "$$f" && chmod 0660 "$$f"; fi; \
	done
	@echo "kumo: $(DESTDIR)$(BINDIR)/kumo (setgid $(KUMO_GROUP)), state folder $(DESTDIR)$(STATEDIR)."
	@[ -f "$(DESTDIR)$(STATEDIR)/kumo.db" ] || echo "kumo: 次に sudo $(BINDIR)/kumo init --org 団体名 --admin ログイン名 でデータベースを作成してください"

# Removes what install put there, file by file, and the two folders of kumo's own when they are left empty: never a
# whole folder (DATADIR=/usr/share would otherwise take every other program's data with it).
uninstall:
	rm -f -- $(DESTDIR)$(BINDIR)/kumo $(DESTDIR)$(MANPREFIX)/man1/kumo.1
	rm -f -- $(addprefix $(DESTDIR)$(DATADIR)/templates/,$(TEMPLATES))
	-rmdir -- $(DESTDIR)$(DATADIR)/templates 2>/dev/null
	-rmdir -- $(DESTDIR)$(DATADIR) 2>/dev/null

# What the build made: the default build folders, a BUILD= folder that carries the build's mark, the binaries.
clean:
	rm -rf -- build build-san build-fuzz
	@if [ -f "$(BUILD)/.kumo-build" ]; then echo "rm -rf -- $(BUILD)"; rm -rf -- "$(BUILD)"; fi
	rm -f -- kumo kumo-san $(BIN)
