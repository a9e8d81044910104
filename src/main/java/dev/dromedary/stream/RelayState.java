package dev.dromedary.stream;

/** Why reading a provider's stream may stop early, as the relay that reads it knows. */
public interface RelayState {

    /** Reading on its own terms: nobody leaves, nothing is cut off. */
    RelayState NONE = new RelayState() {
        @Override
        public boolean clientGone() {
            return false;
        }

        @Override
        public String cutOff() {
            return null;
        }
    };

    /** The client left: stop reading and make up no error event, nobody would read it. */
    boolean clientGone();

    /** Why the relay cut the provider off (it went silent for too long), or null while it has not. */
    String cutOff();
}
