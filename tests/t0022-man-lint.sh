#!/bin/sh
# The manual pages render without a warning: groff -ww (every warning), and mandoc's lint
# at the warning level. A broken font escape (a form feed where \fI was meant) once put
# "include: [boardsInamB.yaml]" in mipsbake(1).
. "$(dirname "$0")/lib.sh"

test_expect_success 'the manual pages hold no control characters but newlines' '
	for f in "$SRC_DIR"/man/*.[1-8]; do
		! LC_ALL=C grep -n "[[:cntrl:]]" "$f" | grep -v "	" || { echo "$f"; exit 1; }
	done
'

test_expect_success 'groff -ww -z renders every page without a warning' '
	for f in "$SRC_DIR"/man/*.[1-8]; do
		groff -ww -z -man "$f" 2>err &&
		! test -s err || { cat err; exit 1; }
	done
'

if have mandoc; then
	test_expect_success 'mandoc -Tlint finds nothing at the warning level' '
		for f in "$SRC_DIR"/man/*.[1-8]; do
			mandoc -Tlint -W warning "$f" || exit 1
		done
	'
else
	test_skip 'mandoc -Tlint finds nothing at the warning level' 'mandoc is missing'
fi

test_expect_success 'the lint fails on a broken font escape' '
	printf ".TH X 1\n.SH NAME\nx\n.BR \"include: [a/\\014Iname\\014B.yaml]\" :\n" >bad.1 &&
	groff -ww -z -man bad.1 2>err; test -s err
'

test_done
