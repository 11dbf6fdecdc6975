package zmq.msg;

import zmq.Msg;

/**
 * jsalt: an allocator that is told who is sending. Once a connection's security handshake is done, jsalt's
 * {@code StreamEngine} asks a socket's allocator that implements this for each frame's buffer with the peer's ZAP
 * User-Id (on the master: its Curve public key), so the application can refuse a big frame from a peer it does not
 * trust yet before any buffer exists. A buffer of capacity 0 for a frame that is not empty refuses it: the engine
 * closes the connection.
 */
public interface PeerMsgAllocator extends MsgAllocator
{
    /** The buffer for a {@code size}-byte frame from {@code userId} (null when ZAP gave none). */
    Msg allocate(int size, String userId);
}
