/** Test fixture: `zkr` from sources in a child process (`spawnTs`, which can crash it midway). */
import { main } from './main';

void main(process.argv);
