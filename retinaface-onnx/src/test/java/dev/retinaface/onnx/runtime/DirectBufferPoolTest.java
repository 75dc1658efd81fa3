package dev.retinaface.onnx.runtime;

import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectBufferPoolTest {

    @Test
    void borrowedBuffersAreDirectNativeOrderAndSizedByTheLimit() {
        FloatBuffer b = new DirectBufferPool(2).borrow(12);
        assertTrue(b.isDirect());
        assertEquals(ByteOrder.nativeOrder(), b.order());
        assertEquals(0, b.position());
        assertEquals(12, b.limit());
        assertEquals(12, b.remaining());
    }

    @Test
    void aReleasedBufferIsReusedForAnEqualOrSmallerRequest() {
        DirectBufferPool pool = new DirectBufferPool(2);
        FloatBuffer first = pool.borrow(100);
        first.position(7);
        pool.release(first);
        FloatBuffer again = pool.borrow(60);
        assertSame(first, again);
        assertEquals(0, again.position());
        assertEquals(60, again.limit());
        pool.release(again);
        FloatBuffer bigger = pool.borrow(101);
        assertNotSame(first, bigger);
        assertEquals(101, bigger.capacity());
    }

    @Test
    void concurrentBorrowersGetDistinctBuffers() {
        DirectBufferPool pool = new DirectBufferPool(2);
        FloatBuffer a = pool.borrow(10);
        pool.release(a);
        FloatBuffer b = pool.borrow(10);
        FloatBuffer c = pool.borrow(10);
        assertSame(a, b);
        assertNotSame(b, c);
    }

    @Test
    void atMostMaxPooledIdleBuffersAreKeptDroppingTheSmallest() {
        DirectBufferPool pool = new DirectBufferPool(2);
        FloatBuffer small = pool.borrow(5);
        FloatBuffer mid = pool.borrow(50);
        FloatBuffer large = pool.borrow(500);
        pool.release(mid);
        pool.release(small);
        pool.release(large);
        assertEquals(2, pool.idleCount());
        // the small one was dropped: a request for 5 now gets one of the two larger buffers
        FloatBuffer got = pool.borrow(5);
        assertTrue(got == mid || got == large);

        DirectBufferPool none = new DirectBufferPool(0);
        none.release(none.borrow(3));
        assertEquals(0, none.idleCount());
        DirectBufferPool roomy = new DirectBufferPool(2);
        roomy.release(FloatBuffer.allocate(3)); // heap buffers are never pooled
        assertEquals(0, roomy.idleCount());
    }

    @Test
    void theSmallestBufferThatFitsIsLent() {
        DirectBufferPool pool = new DirectBufferPool(3);
        FloatBuffer large = pool.borrow(1000);
        FloatBuffer small = pool.borrow(10);
        pool.release(large);
        pool.release(small);
        assertSame(small, pool.borrow(8));
        assertSame(large, pool.borrow(8));
    }

    @Test
    void buffersWithEqualContentsAreStillDistinct() {
        // FloatBuffer.equals compares contents: two zero-filled idle buffers are "equal" but must not be confused
        DirectBufferPool pool = new DirectBufferPool(2);
        FloatBuffer a = pool.borrow(16);
        FloatBuffer b = pool.borrow(32);
        pool.release(a.limit(4));
        pool.release(b.limit(4));
        FloatBuffer first = pool.borrow(20);
        assertSame(b, first);
        assertEquals(1, pool.idleCount());
        FloatBuffer second = pool.borrow(10);
        assertSame(a, second);
        assertEquals(0, pool.idleCount());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DirectBufferPool(-1));
        assertThrows(IllegalArgumentException.class, () -> new DirectBufferPool(1).borrow(-1));
        assertThrows(ArithmeticException.class, () -> new DirectBufferPool(1).borrow(Integer.MAX_VALUE));
    }
}
