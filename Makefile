# mipsbake: run ./configure first (it writes config.mk)
-include config.mk

# where make install puts things (configure's --prefix, --bindir, --datadir, --mandir)
PREFIX ?= /usr/local
DESTDIR ?=
EXEC_PREFIX ?= $(PREFIX)
BINDIR ?= $(EXEC_PREFIX)/bin
# GNU's datadir: the data of every package goes under it
SHAREDIR ?= $(PREFIX)/share
MANDIR ?= $(PREFIX)/share/man
# mipsbake's own data (manifests/, toolchains/), compiled in as where the installed binary looks
DATADIR ?= $(SHAREDIR)/mipsbake
# where bash-completion and zsh look for completions
BASHCOMPDIR ?= $(SHAREDIR)/bash-completion/completions
ZSHCOMPDIR ?= $(SHAREDIR)/zsh/site-functions
INSTALL ?= install
INSTALL_PROGRAM ?= $(INSTALL)
INSTALL_DATA ?= $(INSTALL) -m 644
NINJA ?= ninja

WARN = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
ALL_CFLAGS = $(WARN) -Isrc $(CFLAGS) $(LIBS_CFLAGS) \
	-DMIPSBAKE_DATADIR='"$(DATADIR)"' -DMIPSBAKE_BINDIR='"$(BINDIR)"' -DMIPSBAKE_NINJA='"$(NINJA)"'

# the sources, one folder per pipeline stage (see README.md's layout table)
SRC = $(wildcard src/*.c src/*/*.c)
# where objects and the binary go; check-asan builds a second copy beside the first
OBJDIR = build-c
BIN = bin/mipsbake
OBJ = $(SRC:src/%.c=$(OBJDIR)/%.o)

# a target whose recipe fails (an interrupted link) leaves no file that looks up to date
.DELETE_ON_ERROR:

all: $(BIN)

config.mk:
	@echo "run ./configure first" >&2; exit 1

$(BIN): $(OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(LIBS_LDLIBS)

$(OBJDIR)/%.o: src/%.c config.mk
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(OBJ:.o=.d)

# every test; the last line printed is "N passed, N failed[, N skipped]". CHECK_JOBS scripts
# run at once (default: the CPUs); a script marked "# test-serial:" runs alone
CHECK_JOBS = $(shell nproc 2>/dev/null || echo 1)
check: bin/mipsbake
	@sh tests/run.sh -j $(CHECK_JOBS)

# one test: make check-one T=tests/t0100-manifest-errors.sh
check-one: bin/mipsbake
	@sh tests/run.sh $(T)

# the test suite under valgrind (slow)
check-valgrind: bin/mipsbake
	@MIPSBAKE_VALGRIND=1 sh tests/run.sh

# the test suite against a build with AddressSanitizer and UndefinedBehaviorSanitizer, in
# build-asan/ and bin/mipsbake-asan; any report fails the step that saw it
ASAN_CFLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
check-asan: bin/mipsbake
	@$(MAKE) --no-print-directory OBJDIR=build-asan BIN=bin/mipsbake-asan CFLAGS="$(ASAN_CFLAGS)" all
	@MIPSBAKE_BIN="$(CURDIR)/bin/mipsbake-asan" MIPSBAKE_SANITIZED=1 \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 sh tests/run.sh -j $(CHECK_JOBS) $(T)

# build the bundled example for mips, mipsle, mips64 and mips64le and run it under qemu
example: bin/mipsbake
	@sh tests/example.sh

# the benchmarks of issue 7 (not part of check): BENCH_FLAGS=--quick for a short pass
bench: bin/mipsbake
	@bash bench/run.sh $(BENCH_FLAGS)

# libFuzzer harnesses (fuzz/): the manifest loader, the Go header scanner, build constraints,
# the lock reader, ${VAR} expansion, go.mod, go.sum, the go-import tag parser and the test
# function reader
FUZZERS = manifest goscan constraint lock expand gomod gosum goimport gotest
LIBOBJ = $(filter-out $(OBJDIR)/main.o,$(OBJ))
FUZZ_SECONDS = 60
FUZZ_CC = clang
FUZZ_CFLAGS = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

# make fuzz FUZZ_SECONDS=N: each harness for N seconds under ASan and UBSan (clang), starting
# from its seed corpus; what it finds lands in build-fuzz/corpus/NAME (crashes: crash-* here)
fuzz: config.mk
	@command -v $(FUZZ_CC) >/dev/null || { echo "make fuzz needs clang: apt-get install clang" >&2; exit 1; }
	@$(MAKE) --no-print-directory CC=$(FUZZ_CC) OBJDIR=build-fuzz CFLAGS="$(FUZZ_CFLAGS)" fuzz-bins
	@for f in $(FUZZERS); do \
		mkdir -p build-fuzz/corpus/$$f && \
		bin/fuzz-$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -dict=fuzz/$$f.dict \
			build-fuzz/corpus/$$f fuzz/corpus/$$f || exit 1; \
	done
fuzz-bins: $(FUZZERS:%=bin/fuzz-%)
bin/fuzz-%: fuzz/%.c fuzz/fuzz.h $(LIBOBJ)
	$(CC) $(ALL_CFLAGS) -I. -fsanitize=fuzzer -o $@ $< $(LIBOBJ) $(LIBS_LDLIBS)

# each harness over its seed corpus without libFuzzer, under ASan and UBSan (t0030, make check)
fuzz-regress: config.mk
	@$(MAKE) --no-print-directory OBJDIR=build-asan CFLAGS="$(ASAN_CFLAGS)" fuzz-drivers
	@for f in $(FUZZERS); do \
		printf '%s: ' $$f; bin/fuzzreg-$$f fuzz/corpus/$$f/* || exit 1; \
	done
fuzz-drivers: $(FUZZERS:%=bin/fuzzreg-%)
bin/fuzzreg-%: fuzz/%.c fuzz/driver.c fuzz/fuzz.h $(LIBOBJ)
	$(CC) $(ALL_CFLAGS) -I. -o $@ $< fuzz/driver.c $(LIBOBJ) $(LIBS_LDLIBS)

# the data files, each installed by name (install copies files, not trees)
DATA_FILES = $(shell find manifests toolchains -type f | LC_ALL=C sort)
DATA_DIRS = $(shell find manifests toolchains -type d | LC_ALL=C sort)

install: bin/mipsbake
	$(INSTALL) -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1" "$(DESTDIR)$(MANDIR)/man5" \
		"$(DESTDIR)$(BASHCOMPDIR)" "$(DESTDIR)$(ZSHCOMPDIR)"
	$(INSTALL_PROGRAM) bin/mipsbake "$(DESTDIR)$(BINDIR)/mipsbake"
	for d in $(DATA_DIRS); do $(INSTALL) -d "$(DESTDIR)$(DATADIR)/$$d" || exit 1; done
	for f in $(DATA_FILES); do $(INSTALL_DATA) "$$f" "$(DESTDIR)$(DATADIR)/$$f" || exit 1; done
	$(INSTALL_DATA) man/mipsbake.1 "$(DESTDIR)$(MANDIR)/man1/mipsbake.1"
	$(INSTALL_DATA) man/mipsbake-manifest.5 "$(DESTDIR)$(MANDIR)/man5/mipsbake-manifest.5"
	$(INSTALL_DATA) completion/mipsbake.bash "$(DESTDIR)$(BASHCOMPDIR)/mipsbake"
	$(INSTALL_DATA) completion/_mipsbake "$(DESTDIR)$(ZSHCOMPDIR)/_mipsbake"

# make install with the binary stripped of its symbols, as GNU's install-strip
install-strip:
	$(MAKE) INSTALL_PROGRAM='$(INSTALL_PROGRAM) -s' install

# the known-fix patches a manifest names as mipsbake:NAME, installed as patches/<module>/NAME.patch
KNOWN_PATCHES = $(shell find patches -name '*.patch' | LC_ALL=C sort)
install: install-patches
install-patches:
	for p in $(KNOWN_PATCHES); do install -D -m 644 "$$p" "$(DESTDIR)$(DATADIR)/$$p" || exit 1; done

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/mipsbake" "$(DESTDIR)$(MANDIR)/man1/mipsbake.1" \
		"$(DESTDIR)$(MANDIR)/man5/mipsbake-manifest.5" \
		"$(DESTDIR)$(BASHCOMPDIR)/mipsbake" "$(DESTDIR)$(ZSHCOMPDIR)/_mipsbake"
	rm -rf "$(DESTDIR)$(DATADIR)"

clean:
	rm -rf build-c build-asan build-fuzz bin/mipsbake bin/mipsbake-asan bin/fuzz-* bin/fuzzreg-* tests/out

distclean: clean
	rm -f config.mk

.PHONY: all check check-one check-valgrind check-asan fuzz fuzz-bins fuzz-regress fuzz-drivers example bench install install-patches install-strip uninstall clean distclean
