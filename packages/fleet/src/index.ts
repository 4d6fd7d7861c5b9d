/** @zkr/fleet: the proving fleet (BullMQ on Redis): proving jobs, prover workers, the node's queue client. */
export {};
