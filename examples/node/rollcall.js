#!/usr/bin/env node
// A RollCall client in Node.js, loading the repository's .proto files at run time
// (@grpc/proto-loader), so there is no generated code to keep in sync.
//
//   node rollcall.js mint [--count N] [--legacy]        mint codes (admin token)
//   node rollcall.js register FIRST LAST CODE           register an attendee (v1)
//   node rollcall.js status [--legacy]                  print the count and names
//   node rollcall.js watch [--events N]                 follow the status live (v1 WatchStatus)
//
// Options: --server host:port (env ROLLCALL_SERVER, default localhost:50001),
//          --token T (env ROLLCALL_TOKEN) or --token-file F (default data/admin-token).
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const grpc = require("@grpc/grpc-js");
const loader = require("@grpc/proto-loader");

const protos = path.join(__dirname, "..", "..", "protos");
const definition = loader.loadSync(
  ["services.proto", "rollcall/v1/registration.proto", "rollcall/v1/admin.proto", "rollcall/v1/events.proto"],
  { includeDirs: [protos, path.join(protos, "third_party")], keepCase: false, longs: String, enums: String, defaults: true, oneofs: true });
const api = grpc.loadPackageDefinition(definition);

function parse(argv) {
  const options = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--")) {
      const name = argv[i].slice(2);
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) {
        options[name] = true;
      } else {
        options[name] = next;
        i++;
      }
    } else {
      options._.push(argv[i]);
    }
  }
  return options;
}

function adminMetadata(options) {
  const metadata = new grpc.Metadata();
  let token = options.token || process.env.ROLLCALL_TOKEN;
  const file = options["token-file"] || "data/admin-token";
  if (!token && fs.existsSync(file)) {
    token = fs.readFileSync(file, "utf8").trim();
  }
  if (token) {
    metadata.set("authorization", "Bearer " + token);
  }
  return metadata;
}

function call(client, method, request, metadata) {
  return new Promise((resolve, reject) =>
    client[method](request, metadata || new grpc.Metadata(), { deadline: Date.now() + 30000 },
      (error, response) => (error ? reject(error) : resolve(response))));
}

async function main() {
  const options = parse(process.argv.slice(2));
  const server = (options.server || process.env.ROLLCALL_SERVER || "localhost:50001").replace(/^https?:\/\//, "");
  const credentials = grpc.credentials.createInsecure();
  const legacy = new api.services.RegisterService(server, credentials);
  const registration = new api.rollcall.v1.Registration(server, credentials);
  const admin = new api.rollcall.v1.Admin(server, credentials);
  const [command, ...rest] = options._;

  switch (command) {
    case "mint": {
      const count = Number(options.count || 1);
      if (options.legacy) {
        for (let i = 0; i < count; i++) {
          console.log((await call(legacy, "GetCode", {}, adminMetadata(options))).code);
        }
      } else {
        const response = await call(admin, "IssueCodes", { count, label: options.label || "" }, adminMetadata(options));
        response.codes.forEach((c) => console.log(c.code));
      }
      break;
    }
    case "register": {
      const [firstName, lastName, code] = rest;
      const response = await call(registration, "Register", { firstName, lastName, code });
      console.log(`${response.message} #${response.attendant.number}`);
      break;
    }
    case "status": {
      if (options.legacy) {
        const status = await call(legacy, "GetStatus", {});
        console.log(`Attendants: ${status.appData.counter}`);
        Object.keys(status.appData.attendants).sort((a, b) => a - b)
          .forEach((n) => console.log(`${n}. ${status.appData.attendants[n]}`));
      } else {
        const status = await call(registration, "GetStatus", {});
        console.log(`Attendants: ${status.count}`);
        status.recentAttendants.slice().reverse()
          .forEach((a) => console.log(`${a.number}. ${a.firstName} ${a.lastName}`));
      }
      break;
    }
    case "watch": {
      const limit = Number(options.events || 0);
      let seen = 0;
      const stream = registration.WatchStatus({});
      await new Promise((resolve, reject) => {
        stream.on("data", (message) => {
          if (message.event === "registered") {
            console.log(`Welcome ${message.registered.firstName}!`);
          }
          console.log(`Attendants: ${message.count} :-) (version ${message.version})`);
          if (limit && ++seen >= limit) {
            stream.cancel();
            resolve();
          }
        });
        stream.on("error", (error) => (error.code === grpc.status.CANCELLED ? resolve() : reject(error)));
        stream.on("end", resolve);
      });
      break;
    }
    default:
      console.error("usage: rollcall.js mint|register|status|watch [options]");
      process.exit(2);
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(`${grpc.status[error.code] || "ERROR"}: ${error.details || error.message}`);
  process.exit(1);
});
