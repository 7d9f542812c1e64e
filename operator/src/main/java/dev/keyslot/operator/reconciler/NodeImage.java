package dev.keyslot.operator.reconciler;

/** What kind of server a node image runs, from its name: a stock redis image or a Keyslot data node image. */
final class NodeImage {
    private NodeImage() {
    }

    static boolean isRedis(String image) {
        String name = image.contains("/") ? image.substring(image.lastIndexOf('/') + 1) : image;
        return name.startsWith("redis:") || name.equals("redis");
    }
}
