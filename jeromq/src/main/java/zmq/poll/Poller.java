/*
 * This Source Code Form is subject to the terms of the Mozilla Public License, v. 2.0. If a copy of the MPL was not
 * distributed with this file, You can obtain one at https://mozilla.org/MPL/2.0/.
 *
 * JeroMQ 0.6.0's zmq.poll.Poller, as modified by jsalt: the registration pass of run() is split in two so that a new
 * handle is never left behind a cancelled selection key (see run()). Everything else is JeroMQ 0.6.0's behaviour.
 */
package zmq.poll;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import zmq.Ctx;
import zmq.ZError;

public final class Poller extends PollerBase implements Runnable
{
    // opaque class to mimic libzmq behaviour.
    // extra interest is we do not need to look through the fdTable to perform common operations.
    public static final class Handle
    {
        private final SelectableChannel fd;
        private final IPollEvents       handler;

        private int     ops;
        private boolean cancelled;
        // jsalt: in the poller's list of handles whose registration must be brought up to date
        private boolean queued;

        public Handle(SelectableChannel fd, IPollEvents handler)
        {
            assert (fd != null);
            assert (handler != null);
            this.fd = fd;
            this.handler = handler;
        }

        @Override
        public int hashCode()
        {
            final int prime = 31;
            int result = 1;
            result = prime * result + fd.hashCode();
            result = prime * result + handler.hashCode();
            return result;
        }

        @Override
        public boolean equals(Object other)
        {
            if (this == other) {
                return true;
            }
            if (other == null) {
                return false;
            }
            if (!(other instanceof Handle)) {
                return false;
            }
            Handle that = (Handle) other;
            return this.fd.equals(that.fd) && this.handler.equals(that.handler);
        }

        @Override
        public String toString()
        {
            return "Handle-" + fd;
        }
    }

    // Reference to ZMQ context.
    private final Ctx ctx;

    //  stores data for registered descriptors.
    private final Set<Handle> fdTable;

    //  If true, there's at least one retired event source.
    private boolean retired = false;

    // jsalt: the handles added, removed or with changed interest since the last pass, so that a pass costs what
    // changed rather than every connection of this I/O thread (JeroMQ walked the whole table on every pass where any
    // handle's interest changed, i.e. on nearly every message sent: O(connections) per message with 1,000 minions).
    private ArrayList<Handle> changed = new ArrayList<>();
    private ArrayList<Handle> batch   = new ArrayList<>();

    //  If true, thread is in the process of shutting down.
    private final AtomicBoolean  stopping = new AtomicBoolean();
    private final CountDownLatch stopped  = new CountDownLatch(1);

    private final Thread.UncaughtExceptionHandler exnotification;

    private Selector selector;

    public Poller(Ctx ctx, String name)
    {
        super(name, ctx.getThreadFactory());
        this.ctx = ctx;
        this.exnotification = ctx.getNotificationExceptionHandler();

        fdTable = new HashSet<>();
        selector = ctx.createSelector();
    }

    public void destroy()
    {
        try {
            stop();
            stopped.await();
        }
        catch (InterruptedException e) {
            e.printStackTrace();
            // Re-interrupt the thread so the caller can handle it.
            Thread.currentThread().interrupt();
        }
        finally {
            ctx.closeSelector(selector);
        }
    }

    public Handle addHandle(SelectableChannel fd, IPollEvents events)
    {
        assert (Thread.currentThread() == worker || !worker.isAlive());

        Handle handle = new Handle(fd, events);
        fdTable.add(handle);
        changed(handle);

        //  Increase the load metric of the thread.
        adjustLoad(1);
        return handle;
    }

    public void removeHandle(Handle handle)
    {
        assert (Thread.currentThread() == worker || !worker.isAlive());

        //  Mark the fd as unused.
        handle.cancelled = true;
        changed(handle);

        //  Decrease the load metric of the thread.
        adjustLoad(-1);
    }

    public void setPollIn(Handle handle)
    {
        register(handle, SelectionKey.OP_READ, true);
    }

    public void resetPollIn(Handle handle)
    {
        register(handle, SelectionKey.OP_READ, false);
    }

    public void setPollOut(Handle handle)
    {
        register(handle, SelectionKey.OP_WRITE, true);
    }

    public void resetPollOut(Handle handle)
    {
        register(handle, SelectionKey.OP_WRITE, false);
    }

    public void setPollConnect(Handle handle)
    {
        register(handle, SelectionKey.OP_CONNECT, true);
    }

    public void setPollAccept(Handle handle)
    {
        register(handle, SelectionKey.OP_ACCEPT, true);
    }

    private void register(Handle handle, int ops, boolean add)
    {
        assert (Thread.currentThread() == worker || !worker.isAlive());

        if (add) {
            handle.ops |= ops;
        }
        else {
            handle.ops &= ~ops;
        }
        changed(handle);
    }

    // jsalt: queues a handle for the next pass (once, however often it changes before that pass).
    private void changed(Handle handle)
    {
        if (!handle.queued) {
            handle.queued = true;
            changed.add(handle);
        }
        retired = true;
    }

    public void start()
    {
        worker.start();
    }

    public void stop()
    {
        stopping.set(true);
        retired = false;
        selector.wakeup();
    }

    @Override
    public void run()
    {
        int returnsImmediately = 0;

        while (!stopping.get()) {
            //  Execute any due timers.
            long timeout = executeTimers();

            if (retired) {
                retired = false;
                // jsalt: retire first, register second. When a connecter hands its channel to a stream engine, the
                // connecter's handle is removed and the engine's handle (same channel) added before this pass runs.
                // A cancelled SelectionKey stays registered until the next selection, so keyFor() kept returning it:
                // invalid, hence neither registered again nor updated, and the engine's handle never reached the
                // selector (no ZMTP greeting sent until the handshake timer dropped the connection). Cancelling every
                // retired key, then flushing the cancelled keys with selectNow(), leaves keyFor() null for a new
                // handle, which is then registered as it should be.
                ArrayList<Handle> pass = changed;
                changed = batch;
                batch = pass;
                for (Handle handle : pass) {
                    handle.queued = false;
                }
                boolean mustFlush = dropRetired(pass);
                if (mustFlush && !flushCancelledKeys()) {
                    pass.clear(); // the selector was rebuilt, which queued every handle of the table again
                    continue;
                }
                for (Handle handle : pass) {
                    if (handle.cancelled || !handle.fd.isOpen()) {
                        continue; // dropped above
                    }
                    SelectionKey key = handle.fd.keyFor(selector);
                    if (key == null) {
                        if (handle.fd.isOpen()) {
                            try {
                                key = handle.fd.register(selector, handle.ops, handle);
                                assert (key != null);
                            }
                            catch (CancelledKeyException | ClosedSelectorException | ClosedChannelException e) {
                                exnotification.uncaughtException(worker, e);
                            }
                        }
                    }
                    else if (key.isValid()) {
                        if (key.attachment() != handle) {
                            key.attach(handle);
                        }
                        key.interestOps(handle.ops);
                    }
                    else {
                        // Cancelled since the flush (the channel was closed meanwhile): look again next pass.
                        changed(handle);
                    }
                }
                pass.clear();
            }

            //  Wait for events.
            int rc;
            long start = System.currentTimeMillis();
            try {
                rc = selector.select(timeout);
            }
            catch (ClosedSelectorException e) {
                rebuildSelector();
                exnotification.uncaughtException(worker, e);
                ctx.errno().set(ZError.EINTR);
                continue;
            }
            catch (IOException e) {
                throw new ZError.IOException(e);
            }

            //  If there are no events (i.e. it's a timeout) there's no point
            //  in checking the keys.
            if (rc == 0) {
                returnsImmediately = maybeRebuildSelector(returnsImmediately, timeout, start);
                continue;
            }

            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey key = it.next();
                Handle pollset = (Handle) key.attachment();
                it.remove();
                if (pollset.cancelled) {
                    continue;
                }

                try {
                    if (key.isValid() && key.isAcceptable()) {
                        pollset.handler.acceptEvent();
                    }
                    if (key.isValid() && key.isConnectable()) {
                        pollset.handler.connectEvent();
                    }
                    if (key.isValid() && key.isWritable()) {
                        pollset.handler.outEvent();
                    }
                    if (key.isValid() && key.isReadable()) {
                        pollset.handler.inEvent();
                    }
                }
                catch (RuntimeException e) {
                    exnotification.uncaughtException(worker, e);
                }
            }
        }
        stopped.countDown();
    }

    /**
     * jsalt: removes the retired handles among {@code pass} (cancelled, or their channel closed) from the table and
     * cancels the selection keys they own. True if a key was cancelled and must be flushed before handles are
     * registered.
     */
    private boolean dropRetired(ArrayList<Handle> pass)
    {
        boolean cancelledKeys = false;
        for (Handle handle : pass) {
            if (handle.cancelled || !handle.fd.isOpen()) {
                SelectionKey key = handle.fd.keyFor(selector);
                // Only its own key: a live handle of the same channel may own the registration already.
                if (key != null && key.attachment() == handle) {
                    key.cancel();
                    cancelledKeys = true;
                }
                else if (key != null && !key.isValid()) {
                    cancelledKeys = true;
                }
                fdTable.remove(handle);
            }
        }
        return cancelledKeys;
    }

    /**
     * jsalt: a selection operation deregisters cancelled keys. Readiness it reports is dropped: the JDK's selectors
     * are level-triggered, so a channel that is still ready is reported again by the select() that follows. False if
     * the selector was closed (it has been rebuilt; the caller starts the loop over).
     */
    private boolean flushCancelledKeys()
    {
        try {
            selector.selectNow();
            selector.selectedKeys().clear();
            return true;
        }
        catch (ClosedSelectorException e) {
            rebuildSelector(); // sets retired: the next pass registers every handle with the new selector
            exnotification.uncaughtException(worker, e);
            ctx.errno().set(ZError.EINTR);
            return false;
        }
        catch (IOException e) {
            throw new ZError.IOException(e);
        }
    }

    private int maybeRebuildSelector(int returnsImmediately, long timeout, long start)
    {
        //  Guess JDK epoll bug
        if (timeout == 0 || System.currentTimeMillis() - start < timeout / 2) {
            returnsImmediately++;
        }
        else {
            returnsImmediately = 0;
        }

        if (returnsImmediately > 10) {
            rebuildSelector();
            returnsImmediately = 0;
        }
        return returnsImmediately;
    }

    private void rebuildSelector()
    {
        Selector oldSelector = selector;
        selector = ctx.createSelector();
        for (Handle handle : fdTable) {
            changed(handle);
        }
        retired = true;

        ctx.closeSelector(oldSelector);
    }

    @Override
    public void cancelTimer(IPollEvents sink, int id)
    {
        super.cancelTimer(sink, id);
    }

    @Override
    public void addTimer(long timeout, IPollEvents sink, int id)
    {
        super.addTimer(timeout, sink, id);
    }
}
