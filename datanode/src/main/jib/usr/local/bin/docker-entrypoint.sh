#!/bin/sh
# Starts the Keyslot data node the way redis:7's image starts redis-server, so the same container arguments
# work with both images: options or a .conf file as first argument run the node with them, and
# "redis-server" is accepted as another name for "datanode".
set -e

if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
	set -- datanode "$@"
fi

if [ "$1" = "datanode" ] || [ "$1" = "redis-server" ]; then
	shift
	# nodes.conf, RDB and AOF files are private to the node
	umask 0077
	# JAVA_OPTS is split into words on purpose: it holds several JVM flags
	# shellcheck disable=SC2086
	exec java $JAVA_OPTS -cp "$KEYSLOT_CLASSPATH" dev.keyslot.datanode.DataNode "$@"
fi

exec "$@"
