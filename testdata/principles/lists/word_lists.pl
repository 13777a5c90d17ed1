#!/usr/bin/perl
# Perl's quoted words are a list.
my @candidate_ips = qw(10.0.0.120 10.0.0.121 10.0.0.123);
# Right.
my @pg_candidates = qw(10.0.0.120 10.0.0.121 10.0.0.122);
# A parenthesised list of quoted strings is a list too.
my @redis_candidates = ("10.0.0.123", "10.0.0.124");
