/** The store contract on S3, against moto_server (started and probed by useMoto). */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { S3Store } from '../../src/store/s3.js';
import { useMoto } from '../helpers/motoSuite.js';
import { describeStoreContract } from './storeContract.js';

const moto = useMoto();

describeStoreContract(
  'S3Store on moto',
  async () => {
    const { client, server, newBucket } = moto.get();
    const bucket = await newBucket();
    // A root below the bucket, with a sibling outside it, proves keys stay relative to the root.
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'tables/app-evil/outside', Body: 'x' }));
    return {
      store: new S3Store({ bucket, prefix: 'tables/app/', endpointUrl: server.endpoint, region: 'us-east-1' }),
      overwrite: async (key, bytes) => void (await client.send(new PutObjectCommand({ Bucket: bucket, Key: `tables/app/${key}`, Body: bytes }))),
    };
  },
  { guarded: true, carriesAttributes: true },
);
