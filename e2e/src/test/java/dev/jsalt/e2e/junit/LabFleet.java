package dev.jsalt.e2e.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the fleet for {@code @ExtendWith(LabExtension.class)} on a test class:
 * <pre>
 * &#64;ExtendWith(LabExtension.class)
 * &#64;LabFleet(hosts = {"app1:10:app", "db1:11:db"})
 * class MyLabTest { &#64;Test void t(Lab lab) { lab.host("db1").exec(...); } }
 * </pre>
 * One lab per test class, built before the first test and torn down after the last, also when tests fail.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface LabFleet {
    /** {@code NAME:INDEX} or {@code NAME:INDEX:ROLE} (role becomes the {@code role} grain). */
    String[] hosts();

    /** Host that runs {@code jsalt master} (every other host then runs a minion); empty for bare hosts. */
    String master() default "";

    String subnet() default "10.77.0.0/24";
}
