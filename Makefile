# kumo — build, run and test.
# `make run` and `make test` install what is missing (Debian 12, apt-get) before they build.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/kumo
MANPREFIX ?= $(PREFIX)/share/man

CC      ?= cc
PKGS    := ncursesw sqlite3 xlsxwriter zlib libutf8proc
CFLAGS  ?= -O2 -g
# The project's own flags are kept even when CFLAGS is given on the command line (make CFLAGS="-O1 -fsanitize=…").
override CFLAGS += -std=c17 -D_GNU_SOURCE -Wall -Wextra -Wmissing-prototypes -Werror -I. \
           -DKUMO_TEMPLATE_DIR='"$(DATADIR)/templates"'
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
override LDLIBS += $(PKG_LIBS) -lcsv
override CFLAGS += $(PKG_CFLAGS)

# Debian packages the build and the tests need (checked with dpkg, installed with apt-get).
BUILD_DEBS := build-essential pkg-config libncurses-dev libsqlite3-dev libxlsxwriter-dev libcsv-dev zlib1g-dev libutf8proc-dev
TEST_DEBS  := check tmux python3 python3-openpyxl sqlite3 locales time groff-base tzdata
# Japanese glyphs for LibreOffice when an exported workbook is opened or printed to PDF on this machine
VIEW_DEBS  := fonts-ipafont-gothic

SRC_LIB := $(wildcard forms/*.c db/*.c app/*.c app/exchange/*.c ui/*.c cli/*.c)
BUILD   ?= build
OBJ_LIB := $(SRC_LIB:%.c=$(BUILD)/%.o)
OBJ_MAIN := $(BUILD)/main.o
DEPS    := $(OBJ_LIB:.o=.d) $(OBJ_MAIN:.o=.d)

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)

.PHONY: all deps run test unit e2e clean install uninstall sanitize demo tests-bin

# BIN and BUILD may be set to build side by side (make BUILD=build-x BIN=kumo-x).
BIN ?= kumo

all: $(BIN)

$(BIN): $(OBJ_LIB) $(OBJ_MAIN)
	@echo "  LD  $@"; $(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC  $<"; $(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(OBJ_LIB)
	@mkdir -p $(dir $@)
	@echo "  LD  $@"; $(CC) $(CFLAGS) $(LDFLAGS) $(CHECK_CFLAGS) -o $@ $< $(OBJ_LIB) $(LDLIBS) $(CHECK_LIBS)

-include $(DEPS)

# Install what is missing; quiet when everything is there already.
deps:
	@missing=""; for p in $(BUILD_DEBS) $(TEST_DEBS) $(VIEW_DEBS); do \
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

test: deps
	@$(MAKE) --no-print-directory kumo tests-bin
	@KUMO_BIN=$(CURDIR)/kumo UNIT_DIR=$(BUILD)/tests bash tests/run.sh

tests-bin: $(UNIT_BIN)

# The same tests, built with the address and undefined-behaviour sanitizers.
sanitize: deps
	@$(MAKE) --no-print-directory BUILD=build-san BIN=kumo-san \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  LDFLAGS="-fsanitize=address,undefined" kumo-san tests-bin
	@ASAN_OPTIONS=detect_leaks=1 KUMO_BIN=$(CURDIR)/kumo-san UNIT_DIR=build-san/tests bash tests/run.sh

install: kumo
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/templates
	install -m 755 kumo $(DESTDIR)$(BINDIR)/kumo
	install -m 644 templates/*.csv $(DESTDIR)$(DATADIR)/templates/
	install -d $(DESTDIR)$(MANPREFIX)/man1
	install -m 644 kumo.1 $(DESTDIR)$(MANPREFIX)/man1/kumo.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kumo
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(DESTDIR)$(MANPREFIX)/man1/kumo.1

clean:
	rm -rf build build-san build-* kumo kumo-san kumo-*
